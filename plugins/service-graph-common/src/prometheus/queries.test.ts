import {
  DEFAULT_CONNECTOR_METRICS,
  serviceGraphMetricNames,
  spanMetricsNames,
} from './names';
import {
  bucketLeOfThreshold,
  edgeCountQueries,
  redCountQueries,
  spanMetricsSliQueries,
  thresholdLe,
} from './queries';

const SERVED = 'span_kind=~"SPAN_KIND_SERVER|SPAN_KIND_CONSUMER"';

describe('connector metric names', () => {
  it.each([
    [
      'spanmetrics defaults',
      spanMetricsNames(),
      {
        callsMetric: 'traces_span_metrics_calls_total',
        durationBucketMetric:
          'traces_span_metrics_duration_milliseconds_bucket',
        durationCountMetric: 'traces_span_metrics_duration_milliseconds_count',
        durationUnit: 'ms',
      },
    ],
    [
      'spanmetrics in seconds under an exporter namespace',
      spanMetricsNames({
        prefix: 'otel_traces_span_metrics',
        durationUnit: 's',
      }),
      {
        callsMetric: 'otel_traces_span_metrics_calls_total',
        durationBucketMetric:
          'otel_traces_span_metrics_duration_seconds_bucket',
        durationCountMetric: 'otel_traces_span_metrics_duration_seconds_count',
        durationUnit: 's',
      },
    ],
    [
      'spanmetrics without a namespace (before v0.85)',
      spanMetricsNames({ prefix: '', durationUnit: 'ms' }),
      {
        callsMetric: 'calls_total',
        durationBucketMetric: 'duration_milliseconds_bucket',
        durationCountMetric: 'duration_milliseconds_count',
        durationUnit: 'ms',
      },
    ],
    [
      'servicegraph defaults',
      serviceGraphMetricNames(),
      {
        requestsMetric: 'traces_service_graph_request_total',
        failedRequestsMetric: 'traces_service_graph_request_failed_total',
        clientDurationBucketMetric:
          'traces_service_graph_request_client_seconds_bucket',
        durationUnit: 's',
      },
    ],
    [
      'servicegraph with the legacy millisecond gate keeps the names',
      serviceGraphMetricNames({
        ...DEFAULT_CONNECTOR_METRICS.serviceGraph,
        durationUnit: 'ms',
      }),
      {
        requestsMetric: 'traces_service_graph_request_total',
        failedRequestsMetric: 'traces_service_graph_request_failed_total',
        clientDurationBucketMetric:
          'traces_service_graph_request_client_seconds_bucket',
        durationUnit: 'ms',
      },
    ],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toEqual(expected);
  });
});

describe('count queries', () => {
  it.each([
    [
      'RED of a service',
      redCountQueries({
        names: spanMetricsNames(),
        service: 'checkout',
        range: '3600s',
      }),
      {
        calls: `sum(increase(traces_span_metrics_calls_total{service_name="checkout", ${SERVED}}[3600s]))`,
        errors: `sum(increase(traces_span_metrics_calls_total{service_name="checkout", ${SERVED}, status_code="STATUS_CODE_ERROR"}[3600s]))`,
        buckets: `sum by (le)(increase(traces_span_metrics_duration_milliseconds_bucket{service_name="checkout", ${SERVED}}[3600s]))`,
        by: [],
      },
    ],
    [
      'RED of one operation, quoted',
      redCountQueries({
        names: spanMetricsNames(),
        service: 'pay "eu"',
        operation: 'POST /orders',
        range: '90500ms',
      }),
      {
        calls: `sum(increase(traces_span_metrics_calls_total{service_name="pay \\"eu\\"", ${SERVED}, span_name="POST /orders"}[90500ms]))`,
        errors: `sum(increase(traces_span_metrics_calls_total{service_name="pay \\"eu\\"", ${SERVED}, span_name="POST /orders", status_code="STATUS_CODE_ERROR"}[90500ms]))`,
        buckets: `sum by (le)(increase(traces_span_metrics_duration_milliseconds_bucket{service_name="pay \\"eu\\"", ${SERVED}, span_name="POST /orders"}[90500ms]))`,
        by: [],
      },
    ],
    [
      'RED per operation',
      redCountQueries({
        names: spanMetricsNames(),
        service: 'checkout',
        perOperation: true,
        range: '60s',
      }),
      {
        calls: `sum by (span_name)(increase(traces_span_metrics_calls_total{service_name="checkout", ${SERVED}}[60s]))`,
        errors: `sum by (span_name)(increase(traces_span_metrics_calls_total{service_name="checkout", ${SERVED}, status_code="STATUS_CODE_ERROR"}[60s]))`,
        buckets: `sum by (span_name, le)(increase(traces_span_metrics_duration_milliseconds_bucket{service_name="checkout", ${SERVED}}[60s]))`,
        by: ['span_name'],
      },
    ],
    [
      'every edge',
      edgeCountQueries({ names: serviceGraphMetricNames(), range: '60s' }),
      {
        calls:
          'sum by (client, server, connection_type)(increase(traces_service_graph_request_total{}[60s]))',
        errors:
          'sum by (client, server, connection_type)(increase(traces_service_graph_request_failed_total{}[60s]))',
        buckets:
          'sum by (client, server, connection_type, le)(increase(traces_service_graph_request_client_seconds_bucket{}[60s]))',
        by: ['client', 'server', 'connection_type'],
      },
    ],
    [
      'one edge',
      edgeCountQueries({
        names: serviceGraphMetricNames(),
        client: 'web',
        server: 'checkout',
        range: '60s',
      }),
      {
        calls:
          'sum by (client, server, connection_type)(increase(traces_service_graph_request_total{client="web", server="checkout"}[60s]))',
        errors:
          'sum by (client, server, connection_type)(increase(traces_service_graph_request_failed_total{client="web", server="checkout"}[60s]))',
        buckets:
          'sum by (client, server, connection_type, le)(increase(traces_service_graph_request_client_seconds_bucket{client="web", server="checkout"}[60s]))',
        by: ['client', 'server', 'connection_type'],
      },
    ],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toEqual(expected);
  });
});

describe('spanMetricsSliQueries', () => {
  it.each([
    [
      'availability counts failed calls as bad',
      { signal: 'availability' as const },
      {
        total: `sum(increase(traces_span_metrics_calls_total{service_name="checkout", ${SERVED}}[{{window}}]))`,
        bad: `sum(increase(traces_span_metrics_calls_total{service_name="checkout", ${SERVED}, status_code="STATUS_CODE_ERROR"}[{{window}}]))`,
      },
    ],
    [
      'latency counts the bucket at the threshold as good',
      { signal: 'latency' as const, le: '300', operation: 'GET /' },
      {
        total: `sum(increase(traces_span_metrics_duration_milliseconds_count{service_name="checkout", ${SERVED}, span_name="GET /"}[{{window}}]))`,
        good: `sum(increase(traces_span_metrics_duration_milliseconds_bucket{service_name="checkout", ${SERVED}, span_name="GET /", le="300"}[{{window}}]))`,
      },
    ],
  ])('%s', (_name, spec, expected) => {
    expect(
      spanMetricsSliQueries({
        names: spanMetricsNames(),
        service: 'checkout',
        fn: 'increase',
        range: '{{window}}',
        ...spec,
      }),
    ).toEqual(expected);
  });

  it('needs le for latency', () => {
    expect(() =>
      spanMetricsSliQueries({
        names: spanMetricsNames(),
        service: 'checkout',
        signal: 'latency',
        fn: 'rate',
        range: '5m',
      }),
    ).toThrow('le');
  });

  it.each([
    [300, 'ms', '300'],
    [300, 's', '0.3'],
    [2500, 's', '2.5'],
    [100, 's', '0.1'],
    [1, 's', '0.001'],
  ] as const)('writes %s ms as le in %s as %s', (ms, unit, le) => {
    expect(
      thresholdLe(ms, spanMetricsNames({ prefix: 'p', durationUnit: unit })),
    ).toBe(le);
  });
});

describe('bucketLeOfThreshold', () => {
  const ms = spanMetricsNames();
  const s = spanMetricsNames({
    prefix: 'traces_span_metrics',
    durationUnit: 's',
  });
  it.each([
    ['finds the bound as written', 300, ['100', '300', '+Inf'], ms, '300'],
    ['finds seconds bounds', 250, ['0.1', '0.25', '+Inf'], s, '0.25'],
    [
      'matches other spellings of the number',
      1_000_000,
      ['1e+06', '+Inf'],
      ms,
      '1e+06',
    ],
    ['writes the threshold when there are no buckets yet', 300, [], s, '0.3'],
  ])('%s', (_name, thresholdMs, bounds, names, le) => {
    expect(bucketLeOfThreshold({ thresholdMs, bounds, names })).toBe(le);
  });

  it.each([
    [
      'explains a threshold between bounds, in the histogram unit',
      300,
      ['+Inf', '400', '200'],
      ms,
      "latency threshold 300 ms is not a bucket bound of traces_span_metrics_duration_milliseconds_bucket (bounds: 200ms, 400ms); add 300ms to the spanmetrics connector's histogram.explicit.buckets",
    ],
    [
      'explains in seconds',
      300,
      ['0.2', '0.4', '+Inf'],
      s,
      "latency threshold 300 ms is not a bucket bound of traces_span_metrics_duration_seconds_bucket (bounds: 0.2s, 0.4s); add 300ms to the spanmetrics connector's histogram.explicit.buckets",
    ],
  ])('%s', (_name, thresholdMs, bounds, names, reason) => {
    expect(bucketLeOfThreshold({ thresholdMs, bounds, names })).toEqual({
      reason,
    });
  });
});
