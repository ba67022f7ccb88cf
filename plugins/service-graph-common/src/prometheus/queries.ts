import { parseLe } from './bucketQuantile';
import {
  ServiceGraphMetricNames,
  SpanMetricsNames,
  toDurationUnit,
} from './names';
import { PromqlMatcher, promqlSumOver } from './promql';

/**
 * The spans the service graph counts as a service's requests: SERVER and
 * CONSUMER (requests it answers, messages it handles). CLIENT and INTERNAL
 * spans would count the same request again at the caller or inside the
 * service. The connector writes span kinds as their OTLP enum names.
 *
 * @public
 */
export const SERVED_SPAN_KINDS = 'SPAN_KIND_SERVER|SPAN_KIND_CONSUMER';

/** The spanmetrics `status_code` of a failed span. @public */
export const ERROR_STATUS_CODE = 'STATUS_CODE_ERROR';

/** The labels an edge is keyed by in the servicegraph connector's output. @public */
export const EDGE_LABELS = ['client', 'server', 'connection_type'];

/**
 * The three queries every answer is made of: calls, failed calls, and the
 * duration buckets (`le` among the grouping labels), each summed over the
 * range and grouped by `by`.
 *
 * @public
 */
export type CountQueries = {
  calls: string;
  errors: string;
  buckets: string;
  by: string[];
};

/** The spanmetrics selection of a service's (or one operation's) served spans. @public */
export function servedSpansSelection(options: {
  service: string;
  operation?: string;
}): PromqlMatcher[] {
  const selection: PromqlMatcher[] = [
    ['service_name', '=', options.service],
    ['span_kind', '=~', SERVED_SPAN_KINDS],
  ];
  if (options.operation !== undefined) {
    selection.push(['span_name', '=', options.operation]);
  }
  return selection;
}

/**
 * Calls, errors and duration buckets of a service's served spans (or of one
 * operation) from the spanmetrics connector, over `range`; per operation
 * when `perOperation`.
 *
 * @public
 */
export function redCountQueries(options: {
  names: SpanMetricsNames;
  service: string;
  operation?: string;
  perOperation?: boolean;
  range: string;
}): CountQueries {
  const { names, range } = options;
  const matchers = servedSpansSelection(options);
  const by = options.perOperation ? ['span_name'] : [];
  const sum = (metric: string, extra: PromqlMatcher[], labels: string[]) =>
    promqlSumOver({
      fn: 'increase',
      metric,
      matchers: [...matchers, ...extra],
      range,
      by: labels,
    });
  return {
    calls: sum(names.callsMetric, [], by),
    errors: sum(
      names.callsMetric,
      [['status_code', '=', ERROR_STATUS_CODE]],
      by,
    ),
    buckets: sum(names.durationBucketMetric, [], [...by, 'le']),
    by,
  };
}

/**
 * Requests, failed requests and client-side latency buckets of every edge
 * from the servicegraph connector (of one client, or one client and
 * server, when given), over `range`: per edge, or all summed when
 * `perEdge` is false.
 *
 * @public
 */
export function edgeCountQueries(options: {
  names: ServiceGraphMetricNames;
  client?: string;
  server?: string;
  perEdge?: boolean;
  range: string;
}): CountQueries {
  const { names, range } = options;
  const by = options.perEdge === false ? [] : EDGE_LABELS;
  const matchers: PromqlMatcher[] = [];
  if (options.client !== undefined)
    matchers.push(['client', '=', options.client]);
  if (options.server !== undefined)
    matchers.push(['server', '=', options.server]);
  const sum = (metric: string, labels: string[]) =>
    promqlSumOver({ fn: 'increase', metric, matchers, range, by: labels });
  return {
    calls: sum(names.requestsMetric, by),
    errors: sum(names.failedRequestsMetric, by),
    buckets: sum(names.clientDurationBucketMetric, [...by, 'le']),
    by,
  };
}

/**
 * The good and total queries of a trace-based SLI over the spanmetrics
 * connector's series, with `fn` (`increase` to count events, `rate` for
 * recording rules) over `range`. Availability: calls without error status.
 * Latency: calls in the duration bucket whose bound is `le` (the threshold
 * in the histogram's unit, as Prometheus writes it), which counts exactly
 * the calls at or under the threshold when it is a bucket bound.
 *
 * @public
 */
export function spanMetricsSliQueries(options: {
  names: SpanMetricsNames;
  service: string;
  operation?: string;
  signal: 'availability' | 'latency';
  le?: string;
  fn: 'increase' | 'rate';
  range: string;
}): { total: string; bad: string } | { total: string; good: string } {
  const { names, fn, range } = options;
  const matchers = servedSpansSelection(options);
  const sum = (metric: string, extra: PromqlMatcher[] = []) =>
    promqlSumOver({ fn, metric, matchers: [...matchers, ...extra], range });
  if (options.signal === 'availability') {
    return {
      total: sum(names.callsMetric),
      bad: sum(names.callsMetric, [['status_code', '=', ERROR_STATUS_CODE]]),
    };
  }
  if (options.le === undefined) {
    throw new RangeError('A latency SLI needs the bucket bound le');
  }
  return {
    total: sum(names.durationCountMetric),
    good: sum(names.durationBucketMetric, [['le', '=', options.le]]),
  };
}

/**
 * The `le` of a threshold: the threshold in the histogram's unit, written
 * as Go's shortest float form, which is what the Collector's Prometheus
 * exporters write and JavaScript's number formatting agrees with.
 *
 * @public
 */
export function thresholdLe(
  thresholdMs: number,
  names: SpanMetricsNames,
): string {
  return String(toDurationUnit(thresholdMs, names.durationUnit));
}

/**
 * The `le` of the bucket bound equal to the threshold, as Prometheus wrote
 * it, given the `le` values of the histogram's series; with no buckets at
 * all (no traffic yet) the threshold as the exporter would write it, which
 * then counts nothing. When the threshold is not a bound, the reason, with
 * the bounds there are: the bucket under it would count too few spans as
 * good and the one over it too many.
 *
 * @public
 */
export function bucketLeOfThreshold(options: {
  thresholdMs: number;
  bounds: string[];
  names: SpanMetricsNames;
}): string | { reason: string } {
  const { thresholdMs, bounds, names } = options;
  const wanted = toDurationUnit(thresholdMs, names.durationUnit);
  if (bounds.length === 0) return thresholdLe(thresholdMs, names);
  const match = bounds.find(
    le => Math.abs(parseLe(le) - wanted) <= Math.abs(wanted) * 1e-9,
  );
  if (match !== undefined) return match;
  const finite = bounds
    .map(parseLe)
    .filter(Number.isFinite)
    .sort((a, b) => a - b)
    .map(b => `${b}${names.durationUnit}`);
  return {
    reason: `latency threshold ${thresholdMs} ms is not a bucket bound of ${
      names.durationBucketMetric
    } (bounds: ${finite.join(
      ', ',
    )}); add ${thresholdMs}ms to the spanmetrics connector's histogram.explicit.buckets`,
  };
}
