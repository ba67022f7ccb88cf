import { ResponseError } from '@backstage/errors';

/** @public */
export type HealthResponse = { status: 'ok' };

/**
 * What the Service graph client needs from its host: Backstage's discovery and
 * fetch APIs on the frontend, or equivalents on the backend.
 *
 * @public
 */
export type ServiceGraphClientOptions = {
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  fetchApi?: { fetch: typeof fetch };
};

/** @public */
export interface ServiceGraphApi {
  getHealth(): Promise<HealthResponse>;
}

/**
 * HTTP client for the `service-graph` backend plugin.
 *
 * @public
 */
export class ServiceGraphClient implements ServiceGraphApi {
  private readonly discoveryApi: ServiceGraphClientOptions['discoveryApi'];
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: ServiceGraphClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch };
  }

  async getHealth(): Promise<HealthResponse> {
    const baseUrl = await this.discoveryApi.getBaseUrl('service-graph');
    const response = await this.fetchApi.fetch(`${baseUrl}/health`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as HealthResponse;
  }
}
