import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { ServiceGraphRelationsProcessor } from './ServiceGraphRelationsProcessor';

/**
 * Adds the dependencies observed by the service-graph plugin to Components
 * and Resources as `dependsOn` and `dependencyOf` relations.
 *
 * @public
 */
export const catalogModuleServiceGraph = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'service-graph',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        logger: coreServices.logger,
      },
      async init({ catalog, auth, config, discovery, logger }) {
        catalog.addProcessor(
          ServiceGraphRelationsProcessor.create({
            auth,
            config,
            discovery,
            logger,
          }),
        );
      },
    });
  },
});
