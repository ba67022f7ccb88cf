import { renderPrometheusQuery, stewardMetricSource } from './sources';

describe('renderPrometheusQuery', () => {
  it.each<[number, string]>([
    [5 * 60_000, '5m'],
    [30 * 60_000, '30m'],
    [3_600_000, '1h'],
    [6 * 3_600_000, '6h'],
    [86_400_000, '1d'],
    [30 * 86_400_000, '30d'],
    [90_000, '90s'],
    [1_500, '1500ms'],
  ])('%d ms as %s', (windowMs, duration) => {
    expect(
      renderPrometheusQuery({
        query: 'sum(rate(a[{{window}}])) / sum(rate(b[{{window}}]))',
        windowMs,
      }),
    ).toBe(`sum(rate(a[${duration}])) / sum(rate(b[${duration}]))`);
  });
});

describe('stewardMetricSource', () => {
  it.each<[string, { type: string; spec: Record<string, unknown> }, unknown]>([
    [
      'a service-graph source',
      { type: 'steward-service-graph', spec: { signal: 'availability' } },
      { type: 'steward-service-graph', spec: { signal: 'availability' } },
    ],
    [
      'a Prometheus source written as in OpenSLO examples',
      { type: 'Prometheus', spec: { query: 'x[{{window}}]' } },
      { type: 'prometheus', spec: { query: 'x[{{window}}]' } },
    ],
    [
      'a source Steward does not read',
      { type: 'Datadog', spec: { query: 'q' } },
      undefined,
    ],
    [
      'an invalid spec',
      { type: 'steward-service-graph', spec: { signal: 'latency' } },
      undefined,
    ],
  ])('%s', (_, source, expected) => {
    expect(stewardMetricSource(source)).toEqual(expected);
  });
});
