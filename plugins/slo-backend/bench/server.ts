// The backend under benchmark: a real Backstage backend (backend-defaults)
// with the service-graph and slo plugins, configured by the YAML file given
// as `--config` (written by slo.ts).
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();
backend.add(import('@steward/plugin-service-graph-backend'));
backend.add(import('../src'));
backend
  .start()
  .then(() => process.send!({ ready: true }))
  .catch(error => {
    console.error(error);
    process.exit(1);
  });
