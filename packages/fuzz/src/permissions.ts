import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { permissionsRegistryServiceFactory } from '@backstage/backend-defaults/permissionsRegistry';
import {
  BackendFeature,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import permissionBackend from '@backstage/plugin-permission-backend';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';

/**
 * The real permission framework (the permission backend and the default
 * permissions service) with a policy that, once `refuse(true)` is called,
 * refuses every permission whose name starts with `prefix` (`ownership.`)
 * and allows the rest (the catalog's reads), for tests showing that each
 * write is refused without its permission; until then it allows all, so
 * the test can create what the refused writes act on. The test's config
 * must set `permission.enabled: true`.
 */
export function refusingPermissions(prefix: string): {
  features: BackendFeature[];
  refuse(on: boolean): void;
} {
  let refusing = false;
  const policy = createBackendModule({
    pluginId: 'permission',
    moduleId: 'refusing',
    register(env) {
      env.registerInit({
        deps: { policy: policyExtensionPoint },
        async init(deps) {
          deps.policy.setPolicy({
            handle: async request => ({
              result:
                refusing && request.permission.name.startsWith(prefix)
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW,
            }),
          });
        },
      });
    },
  });
  return {
    features: [
      permissionsServiceFactory,
      permissionsRegistryServiceFactory,
      permissionBackend,
      policy,
    ],
    refuse: on => {
      refusing = on;
    },
  };
}
