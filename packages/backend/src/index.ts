import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@steward/plugin-catalog-backend-module-service-graph'));
backend.add(import('@steward/plugin-catalog-backend-module-slo'));
backend.add(import('@steward/plugin-catalog-backend-module-ownership'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

backend.add(import('@backstage/plugin-notifications-backend'));

backend.add(import('@steward/plugin-service-graph-backend'));
backend.add(import('@steward/plugin-slo-backend'));
backend.add(import('@steward/plugin-ownership-backend'));

backend.start();
