import { InputError } from '@backstage/errors';
import {
  ConnectorMetricsOptions,
  CountQueries,
  DurationUnit,
  edgeCountQueries,
  groupCountResults,
  GroupedTotals,
  PrometheusClient,
  PrometheusSample,
  RedPoint,
  promqlRange,
  redCountQueries,
  serviceGraphMetricNames,
  ServiceGraphMetricNames,
  spanMetricsNames,
  SpanMetricsNames,
} from '@steward/plugin-service-graph-common';
import { ResolvedRange } from '../service/query';
import { ServiceGraphQueries, Totals } from './ServiceGraphQueries';

const MAX_POINTS = 10_000;
const SECOND_MS = 1000;

/**
 * The service graph from the OpenTelemetry Collector's connectors in
 * Prometheus: edges from servicegraph's request counters and client
 * latency buckets, RED from spanmetrics' calls and duration buckets of
 * served spans. Counts are `increase()` over the range, which Prometheus
 * extrapolates to the range's ends from the samples inside it; quantiles
 * interpolate within buckets, as `histogram_quantile` does.
 */
export class PrometheusServiceGraphQueries implements ServiceGraphQueries {
  private constructor(
    private readonly client: PrometheusClient,
    private readonly spanMetrics: SpanMetricsNames,
    private readonly serviceGraph: ServiceGraphMetricNames,
  ) {}

  static create(options: {
    client: PrometheusClient;
    metrics: ConnectorMetricsOptions;
  }): PrometheusServiceGraphQueries {
    return new PrometheusServiceGraphQueries(
      options.client,
      spanMetricsNames(options.metrics.spanMetrics),
      serviceGraphMetricNames(options.metrics.serviceGraph),
    );
  }

  /**
   * Whole seconds, whatever the age: Prometheus's retention is its own. With
   * a step, the range starts earlier so that it is a whole number of steps
   * ending at `to`, each answered by one evaluation of a range query.
   */
  resolveRange(options: {
    from?: number;
    to?: number;
    stepMs?: number;
    nowMs: number;
  }): ResolvedRange {
    const toMs =
      Math.ceil((options.to ?? options.nowMs) / SECOND_MS) * SECOND_MS;
    let fromMs =
      Math.floor((options.from ?? toMs - 3_600_000) / SECOND_MS) * SECOND_MS;
    if (fromMs >= toMs) {
      throw new InputError('Invalid query: from: must be before to');
    }
    const { stepMs } = options;
    if (stepMs !== undefined) {
      if (stepMs % SECOND_MS !== 0) {
        throw new InputError(
          'Invalid query: step: must be whole seconds when the service graph is read from Prometheus',
        );
      }
      const steps = Math.ceil((toMs - fromMs) / stepMs);
      if (steps > MAX_POINTS) {
        throw new InputError(
          `Invalid query: step: at most ${MAX_POINTS} points per answer`,
        );
      }
      fromMs = toMs - steps * stepMs;
    }
    return { fromMs, toMs, resolution: 's' };
  }

  async readEdges(options: { range: ResolvedRange; client?: string }) {
    const queries = edgeCountQueries({
      names: this.serviceGraph,
      client: options.client,
      range: promqlRange(options.range.toMs - options.range.fromMs),
    });
    const groups = await this.instant(
      queries,
      options.range.toMs,
      this.serviceGraph.durationUnit,
    );
    return groups.map(g => ({
      parent: g.labels.client,
      child: g.labels.server,
      connectionType: g.labels.connection_type,
      calls: g.calls,
      errors: g.errors,
      latencyMs: g.latencyMs,
    }));
  }

  async readSteps(options: {
    kind: 'op' | 'edge';
    source: string;
    target?: string;
    range: ResolvedRange;
    stepMs: number;
  }) {
    const { kind, source, target, range, stepMs } = options;
    const [queriesOf, unit] =
      kind === 'op'
        ? [
            (r: string) =>
              redCountQueries({
                names: this.spanMetrics,
                service: source,
                operation: target,
                range: r,
              }),
            this.spanMetrics.durationUnit,
          ]
        : [
            (r: string) =>
              edgeCountQueries({
                names: this.serviceGraph,
                client: source,
                server: target,
                perEdge: false,
                range: r,
              }),
            this.serviceGraph.durationUnit,
          ];
    const whole = () =>
      this.instant(
        queriesOf(promqlRange(range.toMs - range.fromMs)),
        range.toMs,
        unit,
      );
    // One step is the whole range: its point is the totals.
    if (stepMs === range.toMs - range.fromMs) {
      const totals = totalsOf((await whole())[0]);
      return {
        totals,
        points: [{ time: new Date(range.fromMs).toISOString(), ...totals }],
      };
    }
    const [[totals], points] = await Promise.all([
      whole(),
      this.ranged(queriesOf(promqlRange(stepMs)), range, stepMs, unit),
    ]);
    return { totals: totalsOf(totals), points };
  }

  async readOperations(options: { service: string; range: ResolvedRange }) {
    const queries = redCountQueries({
      names: this.spanMetrics,
      service: options.service,
      perOperation: true,
      range: promqlRange(options.range.toMs - options.range.fromMs),
    });
    const groups = await this.instant(
      queries,
      options.range.toMs,
      this.spanMetrics.durationUnit,
    );
    return groups.map(({ labels, ...totals }) => ({
      operation: labels.span_name,
      ...totals,
    }));
  }

  private async instant(
    queries: CountQueries,
    timeMs: number,
    durationUnit: DurationUnit,
  ) {
    const [calls, errors, buckets] = await Promise.all(
      [queries.calls, queries.errors, queries.buckets].map(expr =>
        this.client.query(expr, timeMs),
      ),
    );
    return groupCountResults({
      by: queries.by,
      calls,
      errors,
      buckets,
      durationUnit,
    });
  }

  /** One point per step, each the counts of the step ending at its evaluation. */
  private async ranged(
    queries: CountQueries,
    range: ResolvedRange,
    stepMs: number,
    durationUnit: DurationUnit,
  ) {
    const series = await Promise.all(
      [queries.calls, queries.errors, queries.buckets].map(expr =>
        this.client.queryRange({
          expr,
          startMs: range.fromMs + stepMs,
          endMs: range.toMs,
          stepMs,
        }),
      ),
    );
    const atTime = series.map(list => {
      const byTime = new Map<number, PrometheusSample[]>();
      for (const s of list) {
        for (const [timeMs, value] of s.points) {
          const samples = byTime.get(timeMs) ?? [];
          samples.push({ metric: s.metric, value });
          byTime.set(timeMs, samples);
        }
      }
      return byTime;
    });
    const points: RedPoint[] = [];
    for (let t = range.fromMs; t < range.toMs; t += stepMs) {
      const [calls, errors, buckets] = atTime.map(m => m.get(t + stepMs) ?? []);
      const [group] = groupCountResults({
        by: queries.by,
        calls,
        errors,
        buckets,
        durationUnit,
      });
      points.push({ time: new Date(t).toISOString(), ...totalsOf(group) });
    }
    return points;
  }
}

/** The totals of the one group of an ungrouped answer; zero without series. */
function totalsOf(group: GroupedTotals | undefined): Totals {
  return group
    ? { calls: group.calls, errors: group.errors, latencyMs: group.latencyMs }
    : { calls: 0, errors: 0, latencyMs: {} };
}
