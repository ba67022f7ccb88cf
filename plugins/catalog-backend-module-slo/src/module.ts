import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { OpenSloEntityProcessor } from './OpenSloEntityProcessor';

/**
 * Ingests OpenSLO v1 `SLO`, `SLI` and `AlertPolicy` documents as catalog
 * entities: validated, and each SLO related to its Component and owned by
 * the Component's owner.
 *
 * @public
 */
export const catalogModuleSlo = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'slo',
  register(reg) {
    reg.registerInit({
      deps: {
        processing: catalogProcessingExtensionPoint,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
      },
      async init({ processing, catalog, auth }) {
        processing.addProcessor(
          OpenSloEntityProcessor.create({ catalog, auth }),
        );
      },
    });
  },
});
