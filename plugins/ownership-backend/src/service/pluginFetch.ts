import { AuthService } from '@backstage/backend-plugin-api';

/**
 * A fetch that calls another plugin with this plugin's service token, for
 * the API clients of the service-graph and SLO plugins.
 */
export function pluginFetch(options: {
  auth: AuthService;
  targetPluginId: string;
}): { fetch: typeof fetch } {
  const { auth, targetPluginId } = options;
  return {
    fetch: async (input, init) => {
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId,
      });
      return fetch(input, {
        ...init,
        headers: { ...init?.headers, Authorization: `Bearer ${token}` },
      });
    },
  };
}
