import { InputError } from '@backstage/errors';
import type { OpenSloSliSpec } from '../openslo/schemas';
import { parseServiceRef } from '../openslo/schemas';
import {
  PROMETHEUS_SOURCE,
  PROMETHEUS_WINDOW_PLACEHOLDER,
  STEWARD_SERVICE_GRAPH_SOURCE,
  StewardServiceGraphSourceSpec,
  stewardMetricSource,
} from '../openslo/sources';

/**
 * The PromQL an SLI is measured with: the rate (or count) of bad events and
 * of all events, each containing `{{window}}` wherever the window goes.
 *
 * @public
 */
export type PrometheusSliQueries = { errorQuery: string; totalQuery: string };

/**
 * The Prometheus names of the OpenTelemetry Collector's spanmetrics
 * connector output, which is where `steward-service-graph` events live once
 * they are in Prometheus.
 *
 * @public
 */
export type SpanMetricsNames = {
  /** The counter of spans (`calls`), one series per status code. */
  callsMetric: string;
  /** The duration histogram's bucket series, with an `le` label. */
  durationBucketMetric: string;
  /** The duration histogram's count series. */
  durationCountMetric: string;
};

/**
 * The names with the connector's defaults, as the Prometheus exporters write
 * them: namespace `traces.span.metrics` (dots become underscores), `_total`
 * on the `calls` sum, and the histogram unit `ms` spelled out as
 * `_milliseconds` before `_bucket`/`_count`. A collector configured with
 * `histogram.unit: s` or another `namespace` needs different names.
 *
 * @public
 */
export const DEFAULT_SPAN_METRICS_NAMES: SpanMetricsNames = {
  callsMetric: 'traces_span_metrics_calls_total',
  durationBucketMetric: 'traces_span_metrics_duration_milliseconds_bucket',
  durationCountMetric: 'traces_span_metrics_duration_milliseconds_count',
};

/**
 * The service graph counts SERVER and CONSUMER spans (requests a service
 * answers, messages it handles); CLIENT and INTERNAL spans would count the
 * same request again at the caller or inside the service. The connector
 * writes span kinds as their OTLP enum names.
 */
const SPAN_KINDS = 'SPAN_KIND_SERVER|SPAN_KIND_CONSUMER';
const ERROR_STATUS = 'STATUS_CODE_ERROR';

/** A PromQL string literal: Go's escapes, which PromQL uses. */
export function promqlString(value: string): string {
  const escaped = value
    .replaceAll('\\', '\\\\')
    .replaceAll('"', '\\"')
    .replaceAll('\n', '\\n');
  return `"${escaped}"`;
}

/** A label matcher list, `{a="x", b=~"y"}`, from [name, op, value] triples. */
export function promqlMatchers(
  matchers: Array<[name: string, op: '=' | '=~' | '!=', value: string]>,
): string {
  return `{${matchers
    .map(([name, op, value]) => `${name}${op}${promqlString(value)}`)
    .join(', ')}}`;
}

const W = PROMETHEUS_WINDOW_PLACEHOLDER;

function serviceGraphQueries(options: {
  spec: StewardServiceGraphSourceSpec;
  service: string;
  names: SpanMetricsNames;
}): PrometheusSliQueries {
  const { spec, names } = options;
  const serviceName =
    spec.service ?? parseServiceRef(options.service)?.name ?? options.service;
  const selection: Array<[string, '=' | '=~', string]> = [
    ['service_name', '=', serviceName],
    ['span_kind', '=~', SPAN_KINDS],
  ];
  if (spec.operation !== undefined) {
    selection.push(['span_name', '=', spec.operation]);
  }
  const rateOf = (metric: string, extra: Array<[string, '=', string]> = []) =>
    `sum(rate(${metric}${promqlMatchers([...selection, ...extra])}[${W}]))`;

  if (spec.signal === 'availability') {
    return {
      // With no failed span in the window the error selection matches no
      // series at all, and an empty numerator would make the ratio empty
      // ("no data") instead of 0. `or vector(0)` is safe here because both
      // sides are label-less sums; the denominator keeps its emptiness, so
      // no traffic stays "no data", never a perfect score.
      errorQuery: `${rateOf(names.callsMetric, [
        ['status_code', '=', ERROR_STATUS],
      ])} or vector(0)`,
      totalQuery: rateOf(names.callsMetric),
    };
  }
  // Validation requires thresholdMs for latency. The connector exports
  // durations in milliseconds by default; `le` must equal one of the
  // histogram's explicit bucket bounds exactly (default 2, 4, 6, 8, 10, 50,
  // 100, 200, 400, 800, 1000, 1400, 2000, 5000, 10000, 15000), which the
  // exporter writes in Go's shortest float form, the same as JavaScript's.
  const le = String(spec.thresholdMs);
  const total = rateOf(names.durationCountMetric);
  const good = rateOf(names.durationBucketMetric, [['le', '=', le]]);
  return { errorQuery: `${total} - ${good}`, totalQuery: total };
}

/**
 * The error and total queries of an SLI spec, for rule and dashboard
 * generation. A `prometheus` ratio uses the author's queries: `bad` as the
 * error query, or `(total) - (good)` when only `good` is given. A
 * `steward-service-graph` ratio becomes queries over the spanmetrics
 * connector's series for `service` (the SLO's service, unless the source
 * names another). Throws InputError for SLIs Steward cannot express in
 * PromQL: threshold metrics and other source types.
 *
 * @public
 */
export function prometheusSliQueries(options: {
  sli: OpenSloSliSpec;
  service: string;
  spanMetrics?: Partial<SpanMetricsNames>;
}): PrometheusSliQueries {
  const ratio = options.sli.ratioMetric;
  if (!ratio) {
    throw new InputError(
      'Only ratioMetric SLIs can be turned into Prometheus rules: a thresholdMetric has no events to count',
    );
  }
  const numerator = ratio.good ?? ratio.bad;
  const total = stewardMetricSource(ratio.total.metricSource);
  const counted = numerator && stewardMetricSource(numerator.metricSource);
  if (
    total?.type === STEWARD_SERVICE_GRAPH_SOURCE &&
    counted?.type === STEWARD_SERVICE_GRAPH_SOURCE
  ) {
    // Validation makes both selections the same; one yields both counts.
    return serviceGraphQueries({
      spec: total.spec,
      service: options.service,
      names: { ...DEFAULT_SPAN_METRICS_NAMES, ...options.spanMetrics },
    });
  }
  if (
    total?.type === PROMETHEUS_SOURCE &&
    counted?.type === PROMETHEUS_SOURCE
  ) {
    const totalQuery = total.spec.query;
    return {
      errorQuery: ratio.bad
        ? counted.spec.query
        : `(${totalQuery}) - (${counted.spec.query})`,
      totalQuery,
    };
  }
  throw new InputError(
    `Prometheus rules can be generated only for ratio metrics whose counts both come from ${PROMETHEUS_SOURCE} or both from ${STEWARD_SERVICE_GRAPH_SOURCE}`,
  );
}
