import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ServiceGraphClient } from '@steward/plugin-service-graph-common';

/** A service-graph client that calls with this plugin's service token. */
export function createServiceGraphClient(options: {
  discovery: DiscoveryService;
  auth: AuthService;
}): ServiceGraphClient {
  const { auth } = options;
  return new ServiceGraphClient({
    discoveryApi: options.discovery,
    fetchApi: {
      fetch: async (input, init) => {
        const { token } = await auth.getPluginRequestToken({
          onBehalfOf: await auth.getOwnServiceCredentials(),
          targetPluginId: 'service-graph',
        });
        return fetch(input, {
          ...init,
          headers: { ...init?.headers, Authorization: `Bearer ${token}` },
        });
      },
    },
  });
}
