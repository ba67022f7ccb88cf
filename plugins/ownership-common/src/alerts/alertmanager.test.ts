import {
  alertmanagerWebhookSchema,
  alertsFromAlertmanager,
} from './alertmanager';

const base = {
  version: '4',
  groupKey: '{}:{alertname="CheckoutErrors"}',
  status: 'firing',
  receiver: 'steward',
  groupLabels: { alertname: 'CheckoutErrors' },
  commonLabels: {},
  commonAnnotations: {},
  externalURL: 'http://127.0.0.1:9093',
};

function alert(
  labels: Record<string, string>,
  annotations: Record<string, string> = {},
  generatorURL?: string,
) {
  return {
    status: 'firing',
    labels: { alertname: 'CheckoutErrors', ...labels },
    annotations,
    startsAt: '2026-11-21T10:00:00Z',
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL,
    fingerprint: 'abc123',
  };
}

describe('alertsFromAlertmanager', () => {
  it.each([
    {
      name: 'service from service_name, trace from a label',
      alert: alert({ service_name: 'checkout', trace_id: 'AB'.repeat(16) }),
      expected: { service: 'checkout', traceId: 'ab'.repeat(16) },
    },
    {
      name: 'service from job, trace from an annotation link',
      alert: alert(
        { job: 'frontend' },
        { summary: `see http://jaeger/trace/${'c'.repeat(32)}` },
      ),
      expected: { service: 'frontend', traceId: 'c'.repeat(32) },
    },
    {
      name: 'no trace anywhere',
      alert: alert(
        { service: 'cart', operation: 'GET /cart' },
        { runbook_url: 'https://runbooks/cart' },
      ),
      expected: {
        service: 'cart',
        operation: 'GET /cart',
        traceId: undefined,
        runbookUrl: 'https://runbooks/cart',
      },
    },
    {
      name: "Steward's generated SLO rule: service, SLO and expression",
      alert: alert(
        { sloth_service: 'payment', sloth_slo: 'payment-availability' },
        {},
        'http://127.0.0.1:9090/graph?g0.expr=rate%28x_total%5B5m%5D%29+%3E+1&g0.tab=1',
      ),
      expected: {
        service: 'payment',
        sloRef: 'slo:default/payment-availability',
        expression: 'rate(x_total[5m]) > 1',
        generatorUrl:
          'http://127.0.0.1:9090/graph?g0.expr=rate%28x_total%5B5m%5D%29+%3E+1&g0.tab=1',
      },
    },
    {
      name: 'an slo label with a namespace; a generator URL without an expression',
      alert: alert(
        { service: 'cart', slo: 'shop/cart-latency' },
        {},
        'not a url',
      ),
      expected: { sloRef: 'slo:shop/cart-latency', expression: undefined },
    },
  ])('$name', ({ alert: a, expected }) => {
    const webhook = alertmanagerWebhookSchema.parse({ ...base, alerts: [a] });
    expect(alertsFromAlertmanager(webhook)[0]).toMatchObject({
      source: 'alertmanager',
      name: 'CheckoutErrors',
      status: 'firing',
      startsAtMs: Date.parse('2026-11-21T10:00:00Z'),
      fingerprint: 'abc123',
      ...expected,
    });
  });

  it.each([
    [{ ...base, version: '3', alerts: [] }, 'version'],
    [{ ...base, status: 'pending', alerts: [] }, 'status'],
    [{ ...base, alerts: [{ labels: {} }] }, 'alerts'],
  ])('rejects a malformed payload naming %#', (payload, field) => {
    const result = alertmanagerWebhookSchema.safeParse(payload);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].path[0]).toBe(field);
  });
});
