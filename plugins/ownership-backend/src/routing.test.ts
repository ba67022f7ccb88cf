import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import notificationsBackend from '@backstage/plugin-notifications-backend';
import serviceGraphBackend from '@steward/plugin-service-graph-backend';
import path from 'node:path';
import request from 'supertest';
import waitForExpect from 'wait-for-expect';
import { ownershipPlugin } from './plugin';

jest.setTimeout(180_000);

const NS = 1_000_000n;

/** checkout PlaceOrder calls currency Convert, which fails; checkout fails too. */
function failingOrder(traceNumber: number, agoMs = 0, rootName = 'PlaceOrder') {
  const now = BigInt(Date.now() - agoMs) * NS;
  const traceId = traceNumber.toString(16).padStart(32, 'c');
  const span = (o: {
    id: string;
    parent?: string;
    name: string;
    kind: number;
    error: boolean;
  }) => ({
    traceId,
    spanId: o.id,
    parentSpanId: o.parent ?? '',
    name: o.name,
    kind: o.kind,
    startTimeUnixNano: String(now - 50n * NS),
    endTimeUnixNano: String(now),
    status: o.error ? { code: 2 } : {},
  });
  const resource = (service: string, spans: unknown[]) => ({
    resource: {
      attributes: [{ key: 'service.name', value: { stringValue: service } }],
    },
    scopeSpans: [{ spans }],
  });
  return {
    traceId,
    body: {
      resourceSpans: [
        resource('checkout', [
          span({
            id: '1'.repeat(16),
            name: rootName,
            kind: 2,
            error: true,
          }),
          span({
            id: '2'.repeat(16),
            parent: '1'.repeat(16),
            name: 'Convert',
            kind: 3,
            error: true,
          }),
          span({
            id: '4'.repeat(16),
            parent: '1'.repeat(16),
            name: 'GetCart',
            kind: 3,
            error: false,
          }),
        ]),
        resource('currency', [
          span({
            id: '3'.repeat(16),
            parent: '2'.repeat(16),
            name: 'Convert',
            kind: 2,
            error: true,
          }),
        ]),
      ],
    },
  };
}

function alertmanagerWebhook(labels: Record<string, string>) {
  return {
    version: '4',
    groupKey: '{}:{alertname="CheckoutErrors"}',
    status: 'firing',
    receiver: 'steward',
    groupLabels: { alertname: labels.alertname },
    commonLabels: labels,
    commonAnnotations: {},
    externalURL: 'http://127.0.0.1:9093',
    alerts: [
      {
        status: 'firing',
        labels,
        annotations: { summary: 'checkout errors above 5%' },
        startsAt: new Date().toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        fingerprint: 'f1',
      },
    ],
  };
}

// Several plugins with migrations of their own: each gets its own in-memory
// SQLite. The plugin's storage is tested on PostgreSQL in migrations.test.ts.
describe('alert routing', () => {
  it('walks the trace to the failing dependency and pages its owner', async () => {
    const { server } = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            backend: {
              database: { client: 'better-sqlite3', connection: ':memory:' },
            },
            catalog: {
              processingInterval: { seconds: 1 },
              rules: [{ allow: ['Component', 'Group', 'User', 'Location'] }],
              locations: [
                {
                  type: 'file',
                  target: path.resolve(__dirname, '__fixtures__/catalog.yaml'),
                },
              ],
            },
            serviceGraph: {
              ingest: { flushIntervalMs: 20 },
              traces: { assemblyWindowMs: 100 },
            },
            ownership: { routing: { traceWaitSeconds: 1 } },
          },
        }),
        catalogBackend,
        serviceGraphBackend,
        notificationsBackend,
        ownershipPlugin,
      ],
    });
    // A failing refund from an earlier incident, ten minutes ago, and a
    // failing order now.
    const earlier = failingOrder(2, 10 * 60_000, 'RefundOrder');
    const order = failingOrder(1);
    for (const { body } of [earlier, order]) {
      const ingest = await request(server)
        .post('/api/service-graph/v1/traces')
        .set('Authorization', mockCredentials.service.header())
        .send(body);
      expect(ingest.status).toBe(200);
    }

    const send = (labels: Record<string, string>) =>
      request(server)
        .post('/api/ownership/v1/alerts/alertmanager')
        .set('Authorization', mockCredentials.service.header())
        .send(alertmanagerWebhook(labels));

    // Wait until the catalog knows the owners and the trace is stored.
    let decision: any;
    await waitForExpect(async () => {
      const res = await send({
        alertname: 'CheckoutErrors',
        service_name: 'checkout',
        severity: 'page',
      });
      expect(res.status).toBe(200);
      decision = res.body.decisions[0];
      expect(decision.traceId).toBe(order.traceId);
      expect(decision.ownerRef).toBe('group:default/platform');
    }, 60_000);

    expect(decision).toMatchObject({
      alertService: 'checkout',
      culpritService: 'currency',
      entityRef: 'component:default/currency',
      oncall: {
        rotation: 'platform-primary',
        current: expect.stringMatching(/^user:default\/(sofia|kenji)$/),
      },
    });
    expect(decision.explanation.join(' ')).toContain('currency');

    const decisions = await request(server)
      .get(
        '/api/ownership/v1/routing/decisions?ownerRef=group:default/platform',
      )
      .set('Authorization', mockCredentials.user.header());
    const first = decisions.body.items[decisions.body.items.length - 1];
    expect(first.tracePath).toEqual([
      'checkout/PlaceOrder',
      'checkout/Convert',
      'currency/Convert',
    ]);

    // The platform team was notified, with the trace path and runbook.
    const inbox = await request(server)
      .get('/api/notifications/notifications')
      .set('Authorization', mockCredentials.user.header('user:default/sofia'));
    expect(inbox.status).toBe(200);
    expect(inbox.body.notifications[0].payload).toMatchObject({
      title: 'CheckoutErrors: currency is failing',
      description: expect.stringContaining(
        'checkout/PlaceOrder → checkout/Convert → currency/Convert',
      ),
      link: 'https://runbooks.example.com/currency',
    });
    const checkoutInbox = await request(server)
      .get('/api/notifications/notifications')
      .set('Authorization', mockCredentials.user.header('user:default/diego'));
    expect(checkoutInbox.body.notifications).toEqual([]);

    // A repeat is grouped, not sent again.
    const repeat = await send({
      alertname: 'CheckoutErrors',
      service_name: 'checkout',
      severity: 'page',
    });
    expect(repeat.body.decisions[0].duplicateOf).toBeDefined();

    // Only a trace of an earlier incident (before the 5-minute incident
    // window): not walked, after waiting once for a newer one.
    const stale = await send({
      alertname: 'RefundErrors',
      service_name: 'checkout',
      operation: 'RefundOrder',
    });
    expect(stale.body.decisions[0]).toMatchObject({
      culpritService: 'checkout',
      ownerRef: 'group:default/checkout-team',
    });
    expect(stale.body.decisions[0].traceId).toBeUndefined();
    expect(stale.body.decisions[0].explanation.join(' ')).toContain(
      'No erroring trace through checkout RefundOrder since',
    );

    // No trace at all: the alert's own service owner gets it, and we say so.
    const noTrace = await send({
      alertname: 'CheckoutLatency',
      service_name: 'checkout',
      operation: 'NoSuchOp',
    });
    expect(noTrace.body.decisions[0]).toMatchObject({
      culpritService: 'checkout',
      ownerRef: 'group:default/checkout-team',
    });
    expect(noTrace.body.decisions[0].explanation.join(' ')).toContain(
      'without a trace',
    );

    const bad = await request(server)
      .post('/api/ownership/v1/alerts/alertmanager')
      .set('Authorization', mockCredentials.service.header())
      .send({ version: '3' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('version');
  });
});
