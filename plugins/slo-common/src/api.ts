import { ResponseError } from '@backstage/errors';

/** @public */
export type HealthResponse = { status: 'ok' };

/**
 * What the SLO client needs from its host: Backstage's discovery and
 * fetch APIs on the frontend, or equivalents on the backend.
 *
 * @public
 */
export type SloClientOptions = {
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  fetchApi?: { fetch: typeof fetch };
};

/** @public */
export interface SloApi {
  getHealth(): Promise<HealthResponse>;
}

/**
 * HTTP client for the `slo` backend plugin.
 *
 * @public
 */
export class SloClient implements SloApi {
  private readonly discoveryApi: SloClientOptions['discoveryApi'];
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: SloClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch };
  }

  async getHealth(): Promise<HealthResponse> {
    const baseUrl = await this.discoveryApi.getBaseUrl('slo');
    const response = await this.fetchApi.fetch(`${baseUrl}/health`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as HealthResponse;
  }
}
