import { ResponseError } from '@backstage/errors';

/** @public */
export type HealthResponse = { status: 'ok' };

/**
 * What the Ownership client needs from its host: Backstage's discovery and
 * fetch APIs on the frontend, or equivalents on the backend.
 *
 * @public
 */
export type OwnershipClientOptions = {
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  fetchApi?: { fetch: typeof fetch };
};

/** @public */
export interface OwnershipApi {
  getHealth(): Promise<HealthResponse>;
}

/**
 * HTTP client for the `ownership` backend plugin.
 *
 * @public
 */
export class OwnershipClient implements OwnershipApi {
  private readonly discoveryApi: OwnershipClientOptions['discoveryApi'];
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: OwnershipClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch };
  }

  async getHealth(): Promise<HealthResponse> {
    const baseUrl = await this.discoveryApi.getBaseUrl('ownership');
    const response = await this.fetchApi.fetch(`${baseUrl}/health`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as HealthResponse;
  }
}
