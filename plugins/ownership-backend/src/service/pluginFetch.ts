import { AuthService } from '@backstage/backend-plugin-api';

/**
 * Plugin tokens live an hour; signing one costs about a millisecond of CPU,
 * which every routed alert would pay for its trace. One is reused for a few
 * minutes instead.
 */
const TOKEN_REUSE_MS = 5 * 60_000;

/**
 * A fetch that calls another plugin with this plugin's service token, for
 * the API clients of the service-graph and SLO plugins.
 */
export function pluginFetch(options: {
  auth: AuthService;
  targetPluginId: string;
}): { fetch: typeof fetch } {
  const { auth, targetPluginId } = options;
  let issued: { token: Promise<string>; atMs: number } | undefined;
  const token = () => {
    if (!issued || Date.now() - issued.atMs > TOKEN_REUSE_MS) {
      const request = auth
        .getOwnServiceCredentials()
        .then(onBehalfOf =>
          auth.getPluginRequestToken({ onBehalfOf, targetPluginId }),
        )
        .then(r => r.token);
      // A failed signing is not reused.
      request.catch(() => {
        issued = undefined;
      });
      issued = { token: request, atMs: Date.now() };
    }
    return issued.token;
  };
  return {
    fetch: async (input, init) =>
      fetch(input, {
        ...init,
        headers: {
          // Plugins talk within the backend or its cluster: compressing a
          // trace of 1,000 spans for that costs both sides more CPU (about
          // 2 ms a trace) than sending it as it is.
          'Accept-Encoding': 'identity',
          ...init?.headers,
          Authorization: `Bearer ${await token()}`,
        },
      }),
  };
}
