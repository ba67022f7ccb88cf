/**
 * @jest-environment node
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { alertWindowsFromPolicy } from '../math/alertWindows';
import { DAY_MS } from '../math/time';
import { fastBurnPolicy } from '../openslo/testUtils';
import {
  PrometheusAlertingRule,
  PrometheusRecordingRule,
  PrometheusRuleFile,
  generatePrometheusRules,
  prometheusRulesToYaml,
} from './prometheusRules';
import { availability30d, latency28d, runPromtool } from './testUtils';

jest.setTimeout(60_000);

const FIXTURES = join(__dirname, '__fixtures__');

function records(file: PrometheusRuleFile): PrometheusRecordingRule[] {
  return file.groups
    .flatMap(g => g.rules)
    .filter((r): r is PrometheusRecordingRule => 'record' in r);
}

function alerts(file: PrometheusRuleFile): PrometheusAlertingRule[] {
  return file.groups
    .flatMap(g => g.rules)
    .filter((r): r is PrometheusAlertingRule => 'alert' in r);
}

/** Each `(factor * budget)` threshold of an alert, in order. */
function thresholds(expr: string): Array<[number, number]> {
  return [...expr.matchAll(/>= \(([\d.]+) \* ([\d.]+)\)/g)].map(m => [
    Number(m[1]),
    Number(m[2]),
  ]);
}

/**
 * A checked-in rule file; `UPDATE_GOLDEN=1` rewrites it from `actual`
 * first, for a reviewer to read in the diff.
 */
async function golden(name: string, actual: string): Promise<string> {
  const path = join(FIXTURES, name);
  if (process.env.UPDATE_GOLDEN) {
    await writeFile(path, actual);
  }
  return readFile(path, 'utf8');
}

function checkRules(yaml: string) {
  return runPromtool({
    files: { 'rules.yaml': yaml },
    args: () => ['check', 'rules', 'rules.yaml'],
  });
}

const PASSED = { code: 0, output: expect.stringContaining('SUCCESS') };

describe('generatePrometheusRules', () => {
  describe('a 30-day availability SLO over a prometheus SLI', () => {
    const { slo, sli } = availability30d();
    const file = generatePrometheusRules({ slo, sli });

    it('has the three Sloth groups', () => {
      expect(file.groups.map(g => g.name)).toEqual([
        'sloth-slo-sli-recordings-checkout-checkout-availability',
        'sloth-slo-meta-recordings-checkout-checkout-availability',
        'sloth-slo-alerts-checkout-checkout-availability',
      ]);
    });

    it('records the error ratio over every window and the period', () => {
      const sliRules = file.groups[0].rules as PrometheusRecordingRule[];
      expect(sliRules.map(r => [r.record, r.labels.sloth_window])).toEqual([
        ['slo:sli_error:ratio_rate5m', '5m'],
        ['slo:sli_error:ratio_rate30m', '30m'],
        ['slo:sli_error:ratio_rate1h', '1h'],
        ['slo:sli_error:ratio_rate2h', '2h'],
        ['slo:sli_error:ratio_rate6h', '6h'],
        ['slo:sli_error:ratio_rate1d', '1d'],
        ['slo:sli_error:ratio_rate3d', '3d'],
        ['slo:sli_error:ratio_rate30d', '30d'],
      ]);
      expect(sliRules[2]).toEqual({
        record: 'slo:sli_error:ratio_rate1h',
        expr: [
          '(sum(rate(http_requests_total{code=~"5.."}[1h])))',
          '/',
          '(sum(rate(http_requests_total[1h])))',
        ].join('\n'),
        labels: {
          sloth_id: 'checkout-checkout-availability',
          sloth_service: 'checkout',
          sloth_slo: 'checkout-availability',
          sloth_window: '1h',
        },
      });
      // A ratio of sums over the period, not an average of 5m ratios.
      expect(sliRules[7].expr).toBe(
        [
          '(sum(rate(http_requests_total{code=~"5.."}[30d])))',
          '/',
          '(sum(rate(http_requests_total[30d])))',
        ].join('\n'),
      );
    });

    it('records the metadata', () => {
      const selector =
        '{sloth_id="checkout-checkout-availability", sloth_service="checkout", sloth_slo="checkout-availability"}';
      expect(
        (file.groups[1].rules as PrometheusRecordingRule[]).map(r => [
          r.record,
          r.expr,
        ]),
      ).toEqual([
        ['slo:objective:ratio', 'vector(0.999)'],
        ['slo:error_budget:ratio', 'vector(0.001)'],
        ['slo:time_period:days', 'vector(30)'],
        [
          'slo:current_burn_rate:ratio',
          `slo:sli_error:ratio_rate5m${selector}\n/ on (sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio${selector}`,
        ],
        [
          'slo:period_burn_rate:ratio',
          `slo:sli_error:ratio_rate30d${selector}\n/ on (sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio${selector}`,
        ],
        [
          'slo:period_error_budget_remaining:ratio',
          `1 - slo:period_burn_rate:ratio${selector}`,
        ],
      ]);
    });

    it('alerts with the 30-day factors 14.4, 6, 3 and 1', () => {
      const [page, ticket] = alerts(file);
      expect(page.labels).toEqual({ severity: 'page', sloth_severity: 'page' });
      expect(ticket.labels).toEqual({
        severity: 'ticket',
        sloth_severity: 'ticket',
      });
      expect(thresholds(page.expr)).toEqual([
        [14.4, 0.001],
        [14.4, 0.001],
        [6, 0.001],
        [6, 0.001],
      ]);
      expect(thresholds(ticket.expr)).toEqual([
        [3, 0.001],
        [3, 0.001],
        [1, 0.001],
        [1, 0.001],
      ]);
      expect(page.expr).toBe(
        [
          '(',
          '    (slo:sli_error:ratio_rate5m{sloth_id="checkout-checkout-availability", sloth_service="checkout", sloth_slo="checkout-availability"} >= (14.4 * 0.001))',
          '    and ignoring (sloth_window)',
          '    (slo:sli_error:ratio_rate1h{sloth_id="checkout-checkout-availability", sloth_service="checkout", sloth_slo="checkout-availability"} >= (14.4 * 0.001))',
          ')',
          'or ignoring (sloth_window)',
          '(',
          '    (slo:sli_error:ratio_rate30m{sloth_id="checkout-checkout-availability", sloth_service="checkout", sloth_slo="checkout-availability"} >= (6 * 0.001))',
          '    and ignoring (sloth_window)',
          '    (slo:sli_error:ratio_rate6h{sloth_id="checkout-checkout-availability", sloth_service="checkout", sloth_slo="checkout-availability"} >= (6 * 0.001))',
          ')',
        ].join('\n'),
      );
      expect(ticket.expr).toContain('ratio_rate2h');
      expect(ticket.expr).toContain('ratio_rate1d');
      expect(page.annotations).toEqual({
        summary:
          'Checkout availability of checkout is spending its error budget too fast',
        title:
          '(page) {{ $labels.sloth_service }} {{ $labels.sloth_slo }}: error budget burn rate too high',
        description:
          'Burn rate at least 14.4 over 1h and 5m, or at least 6 over 6h and 30m, against an objective of 99.9% over 30d.',
      });
    });

    it('matches the golden rule file', async () => {
      const yaml = prometheusRulesToYaml(file);
      expect(yaml).toBe(
        await golden('checkout-availability-30d.rules.yaml', yaml),
      );
    });

    it('passes promtool check rules', async () => {
      const result = await checkRules(prometheusRulesToYaml(file));
      expect(result).toEqual(PASSED);
      expect(result.output).toContain('16 rules found');
    });
  });

  describe('a 28-day latency SLO over the service graph', () => {
    const { slo, sli } = latency28d();
    const file = generatePrometheusRules({ slo, sli });

    it('alerts with the 28-day factors 13.44, 5.6, 2.8 and 0.933…', () => {
      const [page, ticket] = alerts(file);
      expect(thresholds(page.expr)).toEqual([
        [13.44, 0.01],
        [13.44, 0.01],
        [5.6, 0.01],
        [5.6, 0.01],
      ]);
      const ticketFactors = thresholds(ticket.expr).map(([f]) => f);
      expect(ticketFactors.slice(0, 2)).toEqual([2.8, 2.8]);
      // 10% of the budget in 3 of 28 days: 0.1 × 28 / 3.
      expect(ticketFactors[2]).toBe(0.933333333333);
      expect(ticketFactors[3]).toBe(0.933333333333);
      expect(ticketFactors[2]).toBeCloseTo((0.1 * 28) / 3, 11);
    });

    it('reads the spanmetrics connector histogram at the threshold', () => {
      const oneHour = records(file).find(
        r => r.record === 'slo:sli_error:ratio_rate1h',
      );
      const selection =
        'service_name="checkout", span_kind=~"SPAN_KIND_SERVER|SPAN_KIND_CONSUMER", span_name="POST /orders"';
      expect(oneHour?.expr).toBe(
        [
          `(sum(rate(traces_span_metrics_duration_milliseconds_count{${selection}}[1h])) - sum(rate(traces_span_metrics_duration_milliseconds_bucket{${selection}, le="300"}[1h])))`,
          '/',
          `(sum(rate(traces_span_metrics_duration_milliseconds_count{${selection}}[1h])))`,
        ].join('\n'),
      );
      expect(records(file).map(r => r.record)).toContain(
        'slo:sli_error:ratio_rate28d',
      );
      expect(
        records(file).find(r => r.record === 'slo:time_period:days')?.expr,
      ).toBe('vector(28)');
    });

    it('matches the golden rule file', async () => {
      const yaml = prometheusRulesToYaml(file);
      expect(yaml).toBe(await golden('checkout-latency-28d.rules.yaml', yaml));
    });

    it('passes promtool check rules', async () => {
      expect(await checkRules(prometheusRulesToYaml(file))).toEqual(PASSED);
    });
  });

  it('records and alerts on the windows of custom alert policies', async () => {
    const { slo, sli } = availability30d();
    const alertWindows = alertWindowsFromPolicy({
      policies: [fastBurnPolicy()],
      periodMs: slo.periodMs,
    });
    const file = generatePrometheusRules({ slo, sli, alertWindows });
    expect(records(file).map(r => r.labels.sloth_window)).toEqual(
      expect.arrayContaining(['10m', '2h', '1h', '12h']),
    );
    const [page, ticket] = alerts(file);
    expect(page.expr).toContain('ratio_rate10m');
    expect(thresholds(page.expr)).toEqual([
      [10, 0.001],
      [10, 0.001],
    ]);
    expect(thresholds(ticket.expr)).toEqual([
      [2.5, 0.001],
      [2.5, 0.001],
    ]);
    expect(await checkRules(prometheusRulesToYaml(file))).toEqual(PASSED);
  });

  it('leaves out the alert group when no window alerts', () => {
    const { slo, sli } = availability30d();
    const file = generatePrometheusRules({ slo, sli, alertWindows: [] });
    expect(file.groups.map(g => g.name)).toEqual([
      'sloth-slo-sli-recordings-checkout-checkout-availability',
      'sloth-slo-meta-recordings-checkout-checkout-availability',
    ]);
  });

  it('takes queries directly and an entity ref as the service', () => {
    const file = generatePrometheusRules({
      slo: {
        name: 'api-availability',
        service: 'component:default/api',
        objective: 0.995,
        periodMs: 7 * DAY_MS,
      },
      sli: {
        errorQuery: 'sum(increase(errors_total[{{window}}]))',
        totalQuery: 'sum(increase(requests_total[{{window}}]))',
      },
    });
    const first = records(file)[0];
    expect(first.labels).toEqual({
      sloth_id: 'api-api-availability',
      sloth_service: 'api',
      sloth_slo: 'api-availability',
      sloth_window: '5m',
    });
    expect(first.expr).toBe(
      '(sum(increase(errors_total[5m])))\n/\n(sum(increase(requests_total[5m])))',
    );
    expect(records(file).map(r => r.record)).toContain(
      'slo:sli_error:ratio_rate7d',
    );
  });

  describe('under promtool test rules', () => {
    // One request a second per 1m step, 2% of them failing: a burn of 20
    // against a 99.9% objective, above every 30-day factor.
    const fastBurn = [
      { series: 'http_requests_total{code="200"}', values: '0+980x180' },
      { series: 'http_requests_total{code="500"}', values: '0+20x180' },
    ];
    // 0.05% failing: a burn of 0.5, below every factor.
    const slowBurn = [
      { series: 'http_requests_total{code="200"}', values: '0+9995x180' },
      { series: 'http_requests_total{code="500"}', values: '0+5x180' },
    ];
    const { slo, sli } = availability30d();
    const rules = prometheusRulesToYaml(generatePrometheusRules({ slo, sli }));
    const labels = {
      sloth_id: 'checkout-checkout-availability',
      sloth_service: 'checkout',
      sloth_slo: 'checkout-availability',
    };
    const annotations = (severity: string, description: string) => ({
      summary:
        'Checkout availability of checkout is spending its error budget too fast',
      title: `(${severity}) checkout checkout-availability: error budget burn rate too high`,
      description,
    });
    const tests = {
      rule_files: ['rules.yaml'],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: fastBurn,
          promql_expr_test: [
            {
              expr: `slo:sli_error:ratio_rate1h`,
              eval_time: '2h',
              exp_samples: [
                {
                  labels:
                    'slo:sli_error:ratio_rate1h{sloth_id="checkout-checkout-availability", sloth_service="checkout", sloth_slo="checkout-availability", sloth_window="1h"}',
                  value: 0.02,
                },
              ],
            },
            {
              expr: 'slo:current_burn_rate:ratio',
              eval_time: '2h',
              // The 5m ratio's window label carries over, as in Sloth's.
              exp_samples: [
                {
                  labels:
                    'slo:current_burn_rate:ratio{sloth_id="checkout-checkout-availability", sloth_service="checkout", sloth_slo="checkout-availability", sloth_window="5m"}',
                  value: 20,
                },
              ],
            },
          ],
          alert_rule_test: [
            {
              alertname: 'CheckoutAvailabilityErrorBudgetBurn',
              eval_time: '2h',
              exp_alerts: [
                {
                  exp_labels: {
                    ...labels,
                    sloth_window: '5m',
                    severity: 'page',
                    sloth_severity: 'page',
                  },
                  exp_annotations: annotations(
                    'page',
                    'Burn rate at least 14.4 over 1h and 5m, or at least 6 over 6h and 30m, against an objective of 99.9% over 30d.',
                  ),
                },
                {
                  exp_labels: {
                    ...labels,
                    sloth_window: '2h',
                    severity: 'ticket',
                    sloth_severity: 'ticket',
                  },
                  exp_annotations: annotations(
                    'ticket',
                    'Burn rate at least 3 over 1d and 2h, or at least 1 over 3d and 6h, against an objective of 99.9% over 30d.',
                  ),
                },
              ],
            },
          ],
        },
        {
          interval: '1m',
          input_series: slowBurn,
          alert_rule_test: [
            {
              alertname: 'CheckoutAvailabilityErrorBudgetBurn',
              eval_time: '2h',
              exp_alerts: [],
            },
          ],
        },
      ],
    };

    it('fires page and ticket on a fast burn and nothing on a slow one', async () => {
      const { code, output } = await runPromtool({
        files: {
          'rules.yaml': rules,
          // JSON is YAML, and saves escaping label strings twice.
          'tests.yaml': JSON.stringify(tests),
        },
        args: () => ['test', 'rules', 'tests.yaml'],
      });
      expect({ code, output }).toEqual({
        code: 0,
        output: expect.stringContaining('SUCCESS'),
      });
    });
  });
});
