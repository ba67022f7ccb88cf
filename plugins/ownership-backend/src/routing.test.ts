import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import notificationsBackend from '@backstage/plugin-notifications-backend';
import serviceGraphBackend from '@steward/plugin-service-graph-backend';
import request from 'supertest';
import waitForExpect from 'wait-for-expect';
import { alertmanagerWebhook } from './__testUtils__/alertmanagerWebhook';
import { failingOrder } from './__testUtils__/failingOrder';
import { testConfig } from './__testUtils__/testConfig';
import { ownershipPlugin } from './plugin';

jest.setTimeout(180_000);

// Several plugins with migrations of their own: each gets its own in-memory
// SQLite. The plugin's storage is tested on PostgreSQL in migrations.test.ts.
describe('alert routing', () => {
  it('walks the trace to the failing dependency and pages its owner', async () => {
    const { server } = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: testConfig({
            extra: { ownership: { routing: { traceWaitSeconds: 1 } } },
          }),
        }),
        catalogBackend,
        serviceGraphBackend,
        notificationsBackend,
        ownershipPlugin,
      ],
    });
    // A failing refund from an earlier incident, ten minutes ago, and a
    // failing order now.
    const earlier = failingOrder(2, {
      agoMs: 10 * 60_000,
      rootName: 'RefundOrder',
    });
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
        .send(
          alertmanagerWebhook({
            labels,
            annotations: { summary: 'checkout errors above 5%' },
            fingerprint: 'f1',
          }),
        );

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
