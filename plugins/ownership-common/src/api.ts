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

/** Who was on call for the alert's owner when it was routed. @public */
export type RoutedOnCall = {
  rotation?: string;
  current?: string;
  next?: string;
  nextAtMs?: number;
};

/**
 * One routed alert, as `GET /v1/routing/decisions` serves it: where the
 * trace walk led and why.
 *
 * @public
 */
export type RoutingDecisionRecord = {
  id: number;
  receivedAt: number;
  source: 'alertmanager' | 'slo';
  alertName: string;
  status: 'firing' | 'resolved';
  traceId?: string;
  alertService?: string;
  culpritService?: string;
  entityRef?: string;
  ownerRef?: string;
  oncall?: RoutedOnCall;
  explanation: string[];
  tracePath?: string[];
  duplicateOf?: number;
  repeats: number;
};

/** @public */
export interface OwnershipApi {
  getHealth(): Promise<HealthResponse>;
  listRoutingDecisions(query: {
    entityRef?: string;
    ownerRef?: string;
    limit?: number;
  }): Promise<{ items: RoutingDecisionRecord[] }>;
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

  getHealth(): Promise<HealthResponse> {
    return this.get('/health');
  }

  listRoutingDecisions(
    query: { entityRef?: string; ownerRef?: string; limit?: number } = {},
  ): Promise<{ items: RoutingDecisionRecord[] }> {
    return this.get('/v1/routing/decisions', query);
  }

  private async get<T>(
    path: string,
    query: Record<string, string | number | undefined> = {},
  ): Promise<T> {
    const url = new URL(
      `${await this.discoveryApi.getBaseUrl('ownership')}${path}`,
    );
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const response = await this.fetchApi.fetch(url.toString());
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
