import { ConfigReader } from '@backstage/config';
import { readServiceGraphSource } from './config';

describe('readServiceGraphSource', () => {
  const read = (serviceGraph: object) =>
    readServiceGraphSource(new ConfigReader({ serviceGraph }));

  it.each([
    ['the database by default', {}, { type: 'database' }],
    [
      'Prometheus with the connectors defaults',
      { source: 'prometheus', prometheus: { baseUrl: 'http://p:9090' } },
      {
        type: 'prometheus',
        baseUrl: 'http://p:9090',
        timeoutMs: 30_000,
        metrics: {
          spanMetrics: { prefix: 'traces_span_metrics', durationUnit: 'ms' },
          serviceGraph: { prefix: 'traces_service_graph', durationUnit: 's' },
        },
      },
    ],
    [
      'Prometheus with other names, units and timeout',
      {
        source: 'prometheus',
        prometheus: {
          baseUrl: 'http://p:9090',
          queryTimeoutSeconds: 5,
          spanMetrics: { prefix: '', durationUnit: 's' },
          serviceGraphMetrics: {
            prefix: 'otel_traces_service_graph',
            durationUnit: 'ms',
          },
        },
      },
      {
        type: 'prometheus',
        baseUrl: 'http://p:9090',
        timeoutMs: 5_000,
        metrics: {
          spanMetrics: { prefix: '', durationUnit: 's' },
          serviceGraph: {
            prefix: 'otel_traces_service_graph',
            durationUnit: 'ms',
          },
        },
      },
    ],
  ])('reads %s', (_name, serviceGraph, expected) => {
    expect(read(serviceGraph)).toEqual(expected);
  });

  it.each([
    [
      'an unknown source',
      { source: 'tempo' },
      'serviceGraph.source must be database or prometheus, got tempo',
    ],
    [
      'a missing base URL',
      { source: 'prometheus', prometheus: {} },
      "Missing required config value at 'serviceGraph.prometheus.baseUrl'",
    ],
    [
      'a missing prometheus block',
      { source: 'prometheus' },
      "Missing required config value at 'serviceGraph.prometheus'",
    ],
    [
      'a bad timeout',
      {
        source: 'prometheus',
        prometheus: { baseUrl: 'x', queryTimeoutSeconds: 0 },
      },
      'serviceGraph.prometheus.queryTimeoutSeconds must be between 0 and 600, got 0',
    ],
    [
      'a prefix that is no metric name',
      {
        source: 'prometheus',
        prometheus: {
          baseUrl: 'x',
          spanMetrics: { prefix: 'traces.span.metrics' },
        },
      },
      'serviceGraph.prometheus.spanMetrics.prefix must be empty or a Prometheus metric name, got traces.span.metrics',
    ],
    [
      'an unknown unit',
      {
        source: 'prometheus',
        prometheus: {
          baseUrl: 'x',
          serviceGraphMetrics: { durationUnit: 'us' },
        },
      },
      'serviceGraph.prometheus.serviceGraphMetrics.durationUnit must be ms or s, got us',
    ],
  ])('refuses %s', (_name, serviceGraph, message) => {
    expect(() => read(serviceGraph)).toThrow(message);
  });
});
