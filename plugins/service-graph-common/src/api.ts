import { ResponseError } from '@backstage/errors';
import type { CatalogRelationsResponse, DriftResponse } from './catalog/types';
import { Trace } from './traces';

/** @public */
export type HealthResponse = { status: 'ok' };

/** Latency quantiles in milliseconds (2% relative accuracy). @public */
export type LatencySummary = { p50?: number; p90?: number; p99?: number };

/**
 * One observed edge: Jaeger's `{parent, child, callCount}` plus errors,
 * connection type and latency as the caller saw it.
 *
 * @public
 */
export type DependencyLink = {
  parent: string;
  child: string;
  callCount: number;
  errorCount: number;
  connectionType: string;
  latencyMs: LatencySummary;
};

/** @public */
export type TimeRangeAnswer = {
  from: string;
  to: string;
  /**
   * Bucket width the answer was computed from: m, h or d; s when it was
   * answered from Prometheus, whose ranges are exact to the second.
   */
  resolution: 's' | 'm' | 'h' | 'd';
};

/** @public */
export type DependenciesResponse = TimeRangeAnswer & {
  dependencies: DependencyLink[];
};

/** Rate, errors and duration over one step. @public */
export type RedPoint = {
  time: string;
  calls: number;
  errors: number;
  latencyMs: LatencySummary;
};

/** @public */
export type RedResponse = TimeRangeAnswer & {
  service: string;
  operation?: string;
  stepMs: number;
  totals: Omit<RedPoint, 'time'>;
  points: RedPoint[];
};

/** @public */
export type OperationsResponse = TimeRangeAnswer & {
  service: string;
  operations: Array<Omit<RedPoint, 'time'> & { operation: string }>;
};

/** @public */
export type EdgeResponse = TimeRangeAnswer & {
  client: string;
  server: string;
  stepMs: number;
  totals: Omit<RedPoint, 'time'>;
  points: RedPoint[];
};

/** @public */
export type TraceSearchResponse = { traceIds: string[] };

/**
 * What the service-graph client needs from its host: Backstage's discovery
 * and fetch APIs on the frontend, or equivalents on the backend.
 *
 * @public
 */
export type ServiceGraphClientOptions = {
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  fetchApi?: { fetch: typeof fetch };
};

/** A time range for queries: ISO 8601 strings or Unix milliseconds. @public */
export type TimeRangeQuery = { from?: string | number; to?: string | number };

/** @public */
export interface ServiceGraphApi {
  getHealth(): Promise<HealthResponse>;
  getDependencies(query?: TimeRangeQuery): Promise<DependenciesResponse>;
  getRed(
    query: TimeRangeQuery & {
      service: string;
      operation?: string;
      step?: string;
    },
  ): Promise<RedResponse>;
  getOperations(
    query: TimeRangeQuery & { service: string },
  ): Promise<OperationsResponse>;
  getEdge(
    query: TimeRangeQuery & { client: string; server: string; step?: string },
  ): Promise<EdgeResponse>;
  getTrace(traceId: string): Promise<Trace | undefined>;
  searchErrorTraces(
    query: TimeRangeQuery & {
      service: string;
      operation?: string;
      limit?: number;
    },
  ): Promise<TraceSearchResponse>;
  getSliWindows(request: SliWindowsRequest): Promise<SliWindowsResponse>;
  getCatalogRelations(query?: {
    window?: string;
  }): Promise<CatalogRelationsResponse>;
  getDrift(query: {
    entityRef: string;
    window?: string;
  }): Promise<DriftResponse>;
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

  getHealth(): Promise<HealthResponse> {
    return this.get('/health');
  }

  getDependencies(query: TimeRangeQuery = {}): Promise<DependenciesResponse> {
    return this.get('/v1/dependencies', query);
  }

  getRed(
    query: TimeRangeQuery & {
      service: string;
      operation?: string;
      step?: string;
    },
  ): Promise<RedResponse> {
    return this.get('/v1/red', query);
  }

  getOperations(
    query: TimeRangeQuery & { service: string },
  ): Promise<OperationsResponse> {
    return this.get('/v1/operations', query);
  }

  getEdge(
    query: TimeRangeQuery & { client: string; server: string; step?: string },
  ): Promise<EdgeResponse> {
    return this.get('/v1/edges', query);
  }

  async getTrace(traceId: string): Promise<Trace | undefined> {
    try {
      return await this.get(`/v1/traces/${encodeURIComponent(traceId)}`);
    } catch (error) {
      if ((error as ResponseError).statusCode === 404) return undefined;
      throw error;
    }
  }

  searchErrorTraces(
    query: TimeRangeQuery & {
      service: string;
      operation?: string;
      limit?: number;
    },
  ): Promise<TraceSearchResponse> {
    return this.get('/v1/traces', query);
  }

  async getSliWindows(request: SliWindowsRequest): Promise<SliWindowsResponse> {
    const baseUrl = await this.discoveryApi.getBaseUrl('service-graph');
    const response = await this.fetchApi.fetch(`${baseUrl}/v1/sli/windows`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as SliWindowsResponse;
  }

  getCatalogRelations(
    query: { window?: string } = {},
  ): Promise<CatalogRelationsResponse> {
    return this.get('/v1/catalog/relations', query);
  }

  getDrift(query: {
    entityRef: string;
    window?: string;
  }): Promise<DriftResponse> {
    return this.get('/v1/drift', query);
  }

  private async get<T>(
    path: string,
    query: Record<string, string | number | undefined> = {},
  ): Promise<T> {
    const url = new URL(
      `${await this.discoveryApi.getBaseUrl('service-graph')}${path}`,
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

/**
 * Sums of one series over one window, for SLI computation: calls, errors,
 * and the exact count of calls at or below each latency threshold.
 *
 * @public
 */
export type SliSeriesSums = {
  source: string;
  target: string;
  connectionType: string;
  calls: number;
  errors: number;
  /** Threshold in ms → calls that took at most that long. */
  goodAtOrBelowMs: Record<string, number>;
};

/**
 * One SLI's selection of series: those of a source (the service of an
 * operation, or an edge's client), optionally of one target (the operation,
 * or the server), good when at or under `thresholdMs` if given.
 *
 * @public
 */
export type SliSelector = {
  source: string;
  target?: string;
  thresholdMs?: number;
};

/** @public */
export type SliWindowsRequest = {
  kind?: 'op' | 'edge';
  services?: string[];
  thresholdsMs?: number[];
  /**
   * When given, each window answers `sums` for these selectors and no
   * `series`: for thousands of SLOs a fraction of the size.
   */
  selectors?: SliSelector[];
  windows: Array<{ from: number; to: number }>;
};

/** @public */
export type SliWindowsResponse = {
  thresholdsMs: number[];
  /** Requested thresholds that are not counted (serviceGraph.latencyThresholdsMs). */
  untrackedThresholdsMs: number[];
  windows: Array<{
    from: number;
    to: number;
    /** Where the sums really start: earlier when minute data has expired. */
    effectiveFrom: number;
    /** Empty when the request has `selectors`. */
    series: SliSeriesSums[];
    /**
     * With `selectors`: calls, errors and good calls (at or under the
     * selector's threshold; 0 without one) of each selector in order,
     * flattened as `[calls0, errors0, good0, calls1, ...]`.
     */
    sums?: number[];
  }>;
};
