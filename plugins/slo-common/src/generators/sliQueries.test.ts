import { InputError } from '@backstage/errors';
import {
  availabilitySli,
  latencySliSpec,
  prometheusSli,
} from '../openslo/testUtils';
import { prometheusSliQueries } from './sliQueries';

describe('prometheusSliQueries', () => {
  it('uses a prometheus bad query as the error query', () => {
    expect(
      prometheusSliQueries({ sli: prometheusSli().spec, service: 'checkout' }),
    ).toEqual({
      errorQuery: 'sum(rate(http_requests_total{code=~"5.."}[{{window}}]))',
      totalQuery: 'sum(rate(http_requests_total[{{window}}]))',
    });
  });

  it('subtracts a prometheus good query from the total', () => {
    const sli = prometheusSli().spec;
    sli.ratioMetric.good = {
      metricSource: {
        type: 'Prometheus',
        spec: {
          query: 'sum(rate(http_requests_total{code!~"5.."}[{{window}}]))',
        },
      },
    };
    delete sli.ratioMetric.bad;
    expect(prometheusSliQueries({ sli, service: 'checkout' })).toEqual({
      errorQuery:
        '(sum(rate(http_requests_total[{{window}}]))) - (sum(rate(http_requests_total{code!~"5.."}[{{window}}])))',
      totalQuery: 'sum(rate(http_requests_total[{{window}}]))',
    });
  });

  it('counts failed server and consumer spans for availability', () => {
    const selection =
      'service_name="checkout", span_kind=~"SPAN_KIND_SERVER|SPAN_KIND_CONSUMER"';
    expect(
      prometheusSliQueries({
        sli: availabilitySli().spec,
        service: 'component:default/checkout',
      }),
    ).toEqual({
      errorQuery: `sum(rate(traces_span_metrics_calls_total{${selection}, status_code="STATUS_CODE_ERROR"}[{{window}}])) or vector(0)`,
      totalQuery: `sum(rate(traces_span_metrics_calls_total{${selection}}[{{window}}]))`,
    });
  });

  it("uses the source's service and renamed metrics when given", () => {
    const sli = latencySliSpec();
    for (const key of ['good', 'total'] as const) {
      sli.ratioMetric[key].metricSource.spec.service = 'payments "eu"';
    }
    const queries = prometheusSliQueries({
      sli,
      service: 'checkout',
      spanMetrics: {
        durationBucketMetric: 'calls_duration_seconds_bucket',
        durationCountMetric: 'calls_duration_seconds_count',
      },
    });
    expect(queries.totalQuery).toBe(
      'sum(rate(calls_duration_seconds_count{service_name="payments \\"eu\\"", span_kind=~"SPAN_KIND_SERVER|SPAN_KIND_CONSUMER", span_name="POST /orders"}[{{window}}]))',
    );
    expect(queries.errorQuery).toBe(
      `${queries.totalQuery} - sum(rate(calls_duration_seconds_bucket{service_name="payments \\"eu\\"", span_kind=~"SPAN_KIND_SERVER|SPAN_KIND_CONSUMER", span_name="POST /orders", le="300"}[{{window}}]))`,
    );
  });

  it('rejects SLIs that have no events to count in PromQL', () => {
    expect(() =>
      prometheusSliQueries({
        sli: {
          thresholdMetric: {
            metricSource: { type: 'prometheus', spec: { query: 'x' } },
          },
        },
        service: 'checkout',
      }),
    ).toThrow(InputError);
    const mixed = prometheusSli().spec;
    mixed.ratioMetric.total.metricSource = {
      type: 'datadog',
      spec: { query: 'sum:requests{*}' },
    };
    expect(() => prometheusSliQueries({ sli: mixed, service: 'x' })).toThrow(
      /both come from prometheus or both from steward-service-graph/,
    );
  });
});
