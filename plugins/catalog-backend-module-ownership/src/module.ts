import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { parseDocsPolicyConfig } from '@steward/plugin-ownership-common';
import { DocsAuditProcessor } from './DocsAuditProcessor';

/**
 * Audits every Component's docs as the catalog processes it, with the same
 * audit and policy (`ownership.docs`) as the ownership backend, and writes
 * the score and findings onto the entity as annotations.
 *
 * @public
 */
export const catalogModuleOwnership = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'ownership',
  register(reg) {
    reg.registerInit({
      deps: {
        processing: catalogProcessingExtensionPoint,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ processing, catalog, auth, config, logger }) {
        const policy = parseDocsPolicyConfig(
          config.getOptional('ownership.docs'),
        );
        if (!policy.ok) {
          throw new InputError(
            `Invalid configuration: ${policy.issues
              .map(i => `${i.path} ${i.message}`)
              .join('; ')}`,
          );
        }
        processing.addProcessor(
          DocsAuditProcessor.create({
            catalog,
            auth,
            logger,
            policy: policy.value,
          }),
        );
      },
    });
  },
});
