import { InputError, ServiceUnavailableError } from '@backstage/errors';
import {
  CountWindow,
  EventCounts,
  PROMETHEUS_SOURCE,
  PROMETHEUS_WINDOW_PLACEHOLDER,
  windowKey,
} from '@steward/plugin-slo-common';
import { z } from 'zod';
import { SloDefinition } from '../catalog/loadSloDefinitions';
import { SloCounts, SliSource } from './SliSource';

/**
 * The queries of one SLI: `total`, and `good` or `bad`, each containing
 * `{{window}}` for the range of its counters.
 */
export type PrometheusCountRequest = {
  key: string;
  good?: string;
  bad?: string;
  total: string;
};

/** Counts by request key, then by `windowKey`. */
export type PrometheusCounts = Map<string, Map<string, EventCounts>>;

const DEFAULT_CONCURRENCY = 8;
const DEFAULT_TIMEOUT_MS = 30_000;

const sampleValue = z.tuple([z.number(), z.string()]);

const successBody = z.object({
  status: z.literal('success'),
  data: z.discriminatedUnion('resultType', [
    z.object({
      resultType: z.literal('vector'),
      result: z.array(z.object({ value: sampleValue })),
    }),
    z.object({ resultType: z.literal('scalar'), result: sampleValue }),
  ]),
});

const errorBody = z.object({
  status: z.literal('error'),
  errorType: z.string().optional(),
  error: z.string(),
});

/**
 * A window as a PromQL duration in seconds (`3600s`): every window Steward
 * plans is whole seconds, and one unit keeps generated queries comparable in
 * Prometheus's query log. Milliseconds only if a window is not.
 */
function promqlRange(window: CountWindow): string {
  const ms = Math.round(window.toMs - window.fromMs);
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** Runs `task` over `items`, at most `limit` at a time; stops at a failure. */
async function mapLimit<T, R>(
  items: T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await task(items[index]);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}

type Query = { expr: string; timeS: number };

/**
 * Counts SLIs of `prometheus` sources with instant queries: each SLI query
 * with `{{window}}` set to the window's length, evaluated at the window's
 * end, its samples summed. Identical queries (a total shared by several
 * SLOs) are asked once.
 */
export class PrometheusSliSource implements SliSource {
  private constructor(
    private readonly options: {
      baseUrl: string;
      fetch: typeof fetch;
      concurrency: number;
      timeoutMs: number;
    },
  ) {}

  static create(options: {
    baseUrl: string;
    fetch?: typeof fetch;
    /** Queries in flight at once; 8 unless given. */
    concurrency?: number;
    /** Per query; 30 seconds unless given. */
    timeoutMs?: number;
  }): PrometheusSliSource {
    return new PrometheusSliSource({
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      fetch: options.fetch ?? globalThis.fetch,
      concurrency: Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY),
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
  }

  handles(slo: SloDefinition): boolean {
    return requestOf(slo) !== undefined;
  }

  fetchCounts(options: {
    slos: SloDefinition[];
    windows: CountWindow[];
  }): Promise<SloCounts> {
    return this.countQueries({
      requests: options.slos.flatMap(slo => {
        const request = requestOf(slo);
        return request ? [request] : [];
      }),
      windows: options.windows,
    });
  }

  /** Good and total counts of PromQL ratio queries over each window. */
  async countQueries(options: {
    requests: PrometheusCountRequest[];
    windows: CountWindow[];
  }): Promise<PrometheusCounts> {
    for (const request of options.requests) {
      if (request.good === undefined && request.bad === undefined) {
        throw new InputError(
          `SLI ${request.key} needs a good or a bad query besides its total`,
        );
      }
    }
    const queries = new Map<string, Query>();
    const queryOf = (template: string, window: CountWindow): string => {
      const expr = template.replaceAll(
        PROMETHEUS_WINDOW_PLACEHOLDER,
        promqlRange(window),
      );
      const query = { expr, timeS: window.toMs / 1000 };
      const id = `${query.timeS} ${expr}`;
      queries.set(id, query);
      return id;
    };
    const plan = options.requests.map(request => ({
      request,
      windows: options.windows.map(window => ({
        window,
        total: queryOf(request.total, window),
        good:
          request.good === undefined
            ? undefined
            : queryOf(request.good, window),
        bad:
          request.bad === undefined ? undefined : queryOf(request.bad, window),
      })),
    }));

    const ids = [...queries.keys()];
    const values = await mapLimit(ids, this.options.concurrency, id =>
      this.query(queries.get(id)!),
    );
    const valueOf = new Map(ids.map((id, index) => [id, values[index]]));

    const counts: PrometheusCounts = new Map();
    for (const { request, windows } of plan) {
      const byWindow = new Map<string, EventCounts>();
      for (const w of windows) {
        const total = valueOf.get(w.total)!;
        const good =
          w.good !== undefined
            ? valueOf.get(w.good)!
            : total - valueOf.get(w.bad!)!;
        // Separate queries extrapolate `increase()` separately, so good can
        // land a hair outside [0, total]; the SLO math assumes it cannot.
        byWindow.set(windowKey(w.window), {
          good: Math.min(Math.max(good, 0), total),
          total,
        });
      }
      counts.set(request.key, byWindow);
    }
    return counts;
  }

  /** The sum of an instant query's samples; 0 for an empty vector. */
  private async query(query: Query): Promise<number> {
    const params = new URLSearchParams({
      query: query.expr,
      time: String(query.timeS),
    });
    const url = `${this.options.baseUrl}/api/v1/query?${params}`;
    let response: Response;
    let text: string;
    try {
      response = await this.options.fetch(url, {
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      // The error base class appends the cause's message.
      throw new ServiceUnavailableError(
        `Prometheus at ${this.options.baseUrl} did not answer the query ${query.expr}`,
        error,
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const failure = errorBody.safeParse(body);
    if (failure.success) {
      throw new ServiceUnavailableError(
        `Prometheus rejected the query ${query.expr}: ${failure.data.error}`,
      );
    }
    const success = successBody.safeParse(body);
    if (!response.ok || !success.success) {
      throw new ServiceUnavailableError(
        `Prometheus answered the query ${query.expr} with HTTP ${
          response.status
        } and an unexpected body: ${text.slice(0, 200)}`,
      );
    }
    const { data } = success.data;
    const samples =
      data.resultType === 'scalar'
        ? [data.result]
        : data.result.map(r => r.value);
    let sum = 0;
    for (const [, value] of samples) {
      sum += Number(value);
    }
    if (!Number.isFinite(sum)) {
      throw new ServiceUnavailableError(
        `Prometheus returned ${sum} for the query ${query.expr}, which must count events`,
      );
    }
    return sum;
  }
}

/** The PromQL queries of an SLO whose ratio metric is all Prometheus. */
function requestOf(slo: SloDefinition): PrometheusCountRequest | undefined {
  const ratio = slo.indicator?.spec.ratioMetric;
  const queryOf = (side?: { metricSource: { type: string; spec: unknown } }) =>
    side?.metricSource.type === PROMETHEUS_SOURCE
      ? (side.metricSource.spec as { query: string }).query
      : undefined;
  const total = queryOf(ratio?.total);
  const good = queryOf(ratio?.good);
  const bad = queryOf(ratio?.bad);
  if (total === undefined || (good === undefined && bad === undefined)) {
    return undefined;
  }
  return { key: slo.sloRef, total, good, bad };
}
