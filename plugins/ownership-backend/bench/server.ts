// The backend under benchmark: a real Backstage backend (backend-defaults)
// with the catalog, service-graph, notifications and ownership plugins,
// configured by the file given as `--config` (written by routing.ts).
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@steward/plugin-service-graph-backend'));
backend.add(import('../src'));
backend
  .start()
  .then(() => process.send!({ ready: true }))
  .catch(error => {
    console.error(error);
    process.exit(1);
  });
