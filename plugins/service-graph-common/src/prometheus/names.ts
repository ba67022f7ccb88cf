/** The unit a connector records durations in. @public */
export type DurationUnit = 'ms' | 's';

/**
 * How the OpenTelemetry Collector's connectors' metrics are named once in
 * Prometheus: the prefix (the connector's namespace, plus the exporter's
 * own `namespace` if it sets one, dots as underscores) and the unit of the
 * duration histograms.
 *
 * @public
 */
export type ConnectorMetricsOptions = {
  spanMetrics: { prefix: string; durationUnit: DurationUnit };
  serviceGraph: { prefix: string; durationUnit: DurationUnit };
};

/**
 * The connectors' defaults: spanmetrics' namespace `traces.span.metrics`
 * with `histogram.unit: ms`, and servicegraph's `traces_service_graph`
 * latencies in seconds (milliseconds only with the feature gate
 * `connector.servicegraph.legacyLatencyUnitMs`).
 *
 * @public
 */
export const DEFAULT_CONNECTOR_METRICS: ConnectorMetricsOptions = {
  spanMetrics: { prefix: 'traces_span_metrics', durationUnit: 'ms' },
  serviceGraph: { prefix: 'traces_service_graph', durationUnit: 's' },
};

/**
 * The Prometheus names of the spanmetrics connector's output.
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
  /** The unit of `le` and of the durations. */
  durationUnit: DurationUnit;
};

/**
 * The Prometheus names of the servicegraph connector's output.
 *
 * @public
 */
export type ServiceGraphMetricNames = {
  requestsMetric: string;
  failedRequestsMetric: string;
  /** Latency as the client saw it, which is what an edge reports. */
  clientDurationBucketMetric: string;
  durationUnit: DurationUnit;
};

const withPrefix = (prefix: string, name: string) =>
  prefix ? `${prefix}_${name}` : name;

/**
 * The names as Prometheus exporters write them (`add_metric_suffixes`
 * left on): `_total` on sums and the unit spelled out before
 * `_bucket`/`_count`.
 *
 * @public
 */
export function spanMetricsNames(
  options: ConnectorMetricsOptions['spanMetrics'] = DEFAULT_CONNECTOR_METRICS.spanMetrics,
): SpanMetricsNames {
  const unit = options.durationUnit === 's' ? 'seconds' : 'milliseconds';
  const duration = withPrefix(options.prefix, `duration_${unit}`);
  return {
    callsMetric: withPrefix(options.prefix, 'calls_total'),
    durationBucketMetric: `${duration}_bucket`,
    durationCountMetric: `${duration}_count`,
    durationUnit: options.durationUnit,
  };
}

/**
 * The servicegraph connector names its latency histograms `_seconds`
 * whatever unit the legacy feature gate records them in.
 *
 * @public
 */
export function serviceGraphMetricNames(
  options: ConnectorMetricsOptions['serviceGraph'] = DEFAULT_CONNECTOR_METRICS.serviceGraph,
): ServiceGraphMetricNames {
  return {
    requestsMetric: withPrefix(options.prefix, 'request_total'),
    failedRequestsMetric: withPrefix(options.prefix, 'request_failed_total'),
    clientDurationBucketMetric: withPrefix(
      options.prefix,
      'request_client_seconds_bucket',
    ),
    durationUnit: options.durationUnit,
  };
}

/** A duration in milliseconds in a connector's unit. @public */
export function toDurationUnit(ms: number, unit: DurationUnit): number {
  return unit === 's' ? ms / 1000 : ms;
}

/** A duration in a connector's unit in milliseconds. @public */
export function fromDurationUnit(value: number, unit: DurationUnit): number {
  return unit === 's' ? value * 1000 : value;
}
