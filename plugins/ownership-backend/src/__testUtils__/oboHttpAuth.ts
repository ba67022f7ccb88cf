import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';

const SERVICE_TOKEN_PREFIX = 'mock-service-token:';

/**
 * The test backend's httpAuth, except that a plugin calling on behalf of a
 * user is seen as that user with the plugin as actor, as real tokens say.
 * The mock drops the actor, and the permission framework refuses to apply
 * conditions for a user without one: that is how the permission backend's
 * call to this plugin's `apply-conditions` endpoint arrives.
 */
export function oboHttpAuthServiceFactory(
  options: {
    /**
     * Whose request one without a token is (the mock's default user);
     * `mockCredentials.none()` makes it unauthenticated, as in production.
     */
    defaultCredentials?: BackstageCredentials;
  } = {},
) {
  return createServiceFactory({
    service: coreServices.httpAuth,
    deps: { plugin: coreServices.pluginMetadata },
    factory({ plugin }): HttpAuthService {
      const inner = mockServices.httpAuth({
        pluginId: plugin.getId(),
        defaultCredentials: options.defaultCredentials,
      });
      return {
        issueUserCookie: (res, o) => inner.issueUserCookie(res, o),
        credentials: (async (req, o) => {
          const token = req.headers.authorization?.replace(/^Bearer /, '');
          if (token?.startsWith(SERVICE_TOKEN_PREFIX)) {
            const { obo, target } = JSON.parse(
              token.slice(SERVICE_TOKEN_PREFIX.length),
            );
            if (obo && target === plugin.getId()) {
              return mockCredentials.user(obo, {
                actor: { subject: 'plugin:permission' },
              });
            }
          }
          return inner.credentials(req, o);
        }) as HttpAuthService['credentials'],
      };
    },
  });
}
