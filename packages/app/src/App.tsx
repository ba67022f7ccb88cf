import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import ownershipPlugin from '@steward/plugin-ownership';
import serviceGraphPlugin from '@steward/plugin-service-graph';
import sloPlugin from '@steward/plugin-slo';
import { appModule } from './appModule';

export default createApp({
  features: [
    appModule,
    catalogPlugin,
    orgPlugin,
    serviceGraphPlugin,
    sloPlugin,
    ownershipPlugin,
  ],
});
