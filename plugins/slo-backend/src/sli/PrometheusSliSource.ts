import { InputError, ServiceUnavailableError } from '@backstage/errors';
import {
  PrometheusClient,
  promqlRange,
} from '@steward/plugin-service-graph-common';
import {
  CountWindow,
  EventCounts,
  PROMETHEUS_SOURCE,
  PROMETHEUS_WINDOW_PLACEHOLDER,
  windowKey,
} from '@steward/plugin-slo-common';
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

type Query = { expr: string; timeMs: number };

/**
 * Counts SLIs of `prometheus` sources with instant queries: each SLI query
 * with `{{window}}` set to the window's length, evaluated at the window's
 * end, its samples summed. Identical queries (a total shared by several
 * SLOs) are asked once.
 */
export class PrometheusSliSource implements SliSource {
  private constructor(
    private readonly client: PrometheusClient,
    private readonly concurrency: number,
  ) {}

  static create(options: {
    client: PrometheusClient;
    /** Queries in flight at once; 8 unless given. */
    concurrency?: number;
  }): PrometheusSliSource {
    return new PrometheusSliSource(
      options.client,
      Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY),
    );
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
        promqlRange(window.toMs - window.fromMs),
      );
      const query = { expr, timeMs: window.toMs };
      const id = `${query.timeMs} ${expr}`;
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
    const values = await mapLimit(ids, this.concurrency, id =>
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
    const samples = await this.client.query(query.expr, query.timeMs);
    let sum = 0;
    for (const { value } of samples) {
      sum += value;
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
