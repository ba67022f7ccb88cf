import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import {
  BackendFeature,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import permissionBackend from '@backstage/plugin-permission-backend';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';

const denyAllPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'deny-all',
  register(env) {
    env.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy({
          handle: async () => ({ result: AuthorizeResult.DENY }),
        });
      },
    });
  },
});

/**
 * The real permission framework (the permission backend and the default
 * permissions service) with a policy that refuses everything, for tests
 * showing that every write is refused without a permission. The test's
 * config must set `permission.enabled: true`.
 */
export function denyAllPermissions(): BackendFeature[] {
  return [permissionsServiceFactory, permissionBackend, denyAllPolicy];
}
