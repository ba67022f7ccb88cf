import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  createBackendModule,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { SLO_ALERTS_TOPIC, SloAlertEvent } from '@steward/plugin-slo-common';
import request from 'supertest';
import waitForExpect from 'wait-for-expect';
import { CATALOG_FIXTURE } from './__testUtils__/catalogFixture';
import { startSloBackend } from './testUtils';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const NS = 1_000_000n;

/** payment SERVER spans over the last few minutes, `errors` of them failing. */
function paymentTraffic(options: { calls: number; errors: number }) {
  const now = BigInt(Date.now()) * NS;
  const spans = [];
  for (let i = 0; i < options.calls; i++) {
    const end = now - BigInt(i) * 100n * NS;
    spans.push({
      traceId: (i + 1).toString(16).padStart(32, 'a'),
      spanId: (i + 1).toString(16).padStart(16, 'b'),
      name: 'POST /charge',
      kind: 2,
      startTimeUnixNano: String(end - 20n * NS),
      endTimeUnixNano: String(end),
      attributes: [{ key: 'http.route', value: { stringValue: '/charge' } }],
      status: i < options.errors ? { code: 2 } : {},
    });
  }
  return {
    resourceSpans: [
      {
        resource: {
          attributes: [
            { key: 'service.name', value: { stringValue: 'payment' } },
          ],
        },
        scopeSpans: [{ spans }],
      },
    ],
  };
}

describe.each(databases.eachSupportedId())('SLO engine on %s', databaseId => {
  it('evaluates, alerts, freezes the gate and scores the team', async () => {
    const knex = await databases.init(databaseId);
    // The mock scheduler runs the catalog's tasks once at start-up, and the
    // evaluation (which has an initial delay) only when told to.
    const scheduler = mockServices.scheduler() as ReturnType<
      typeof mockServices.scheduler
    > & { factory(): ServiceFactory };
    const published: SloAlertEvent[] = [];
    const recordAlerts = createBackendModule({
      pluginId: 'slo',
      moduleId: 'test-alert-recorder',
      register(env) {
        env.registerInit({
          deps: { events: eventsServiceRef },
          async init({ events }) {
            await events.subscribe({
              id: 'test',
              topics: [SLO_ALERTS_TOPIC],
              onEvent: async params => {
                published.push(params.eventPayload as SloAlertEvent);
              },
            });
          },
        });
      },
    });
    const { server } = await startSloBackend({
      knex,
      catalogFile: CATALOG_FIXTURE,
      features: [scheduler.factory(), recordAlerts],
    });
    const user = mockCredentials.user.header();
    const get = (p: string) =>
      request(server).get(`/api/slo${p}`).set('Authorization', user);

    // A deploy just before the error burst: it will count as a failed change.
    const deploy = await request(server)
      .post('/api/slo/v1/deploys')
      .set('Authorization', mockCredentials.service.header())
      .send({
        entityRef: 'component:default/payment',
        version: '1.4.2',
        deployedAt: Date.now() - 60_000,
      });
    expect(deploy.status).toBe(201);
    const badDeploy = await request(server)
      .post('/api/slo/v1/deploys')
      .set('Authorization', mockCredentials.service.header())
      .send({ entityRef: 'payment' });
    expect(badDeploy.status).toBe(400);
    expect(badDeploy.body.error.message).toContain('entityRef');

    const ingest = await request(server)
      .post('/api/service-graph/v1/traces')
      .set('Authorization', mockCredentials.service.header())
      .send(paymentTraffic({ calls: 2000, errors: 100 }));
    expect(ingest.status).toBe(200);

    // The catalog has to have processed the SLO before it can be evaluated.
    await waitForExpect(async () => {
      await scheduler.triggerTask('slo-evaluation');
      const list = await get('/v1/slos?entityRef=component:default/payment');
      expect(list.body.items).toHaveLength(1);
    }, 60_000);

    const list = await get('/v1/slos?ownerRef=group:default/checkout-team');
    expect(list.body.items).toEqual([
      expect.objectContaining({
        sloRef: 'slo:default/payment-availability',
        entityRef: 'component:default/payment',
        ownerRef: 'group:default/checkout-team',
        state: 'ok',
        sliRatio: 0.95,
        gate: 'freeze',
        firing: { name: 'page-1h', severity: 'page' },
      }),
    ]);

    const gate = await get('/v1/gate?entityRef=component:default/payment');
    expect(gate.body.decision).toBe('freeze');
    expect(gate.body.reasons).toEqual([
      'Payment availability: error budget spent 50 times over (freeze at 90%)',
    ]);

    const detail = await get('/v1/slos/default/payment-availability');
    expect(detail.status).toBe(200);
    expect(detail.body.evaluation.sli).toMatchObject({
      good: 1900,
      total: 2000,
    });
    expect(detail.body.evaluation.budget.consumedFraction).toBeCloseTo(50, 6);
    expect(
      detail.body.evaluation.burnRates.find((b: any) => b.name === '1h')
        .burnRate,
    ).toBeCloseTo(50, 6);
    expect(detail.body.escalation).toMatchObject({
      level: 'none',
      majorIncident: true,
    });

    // The SLOs tab's one request: the same gate and the same SLO in full.
    const tab = await get(
      '/v1/entity-slos?entityRef=component:default/payment',
    );
    expect(tab.status).toBe(200);
    expect(tab.body.gate).toEqual(gate.body);
    expect(tab.body.slos).toEqual([detail.body]);
    const none = await get(
      '/v1/entity-slos?entityRef=component:default/nothing',
    );
    expect(none.body).toEqual({
      gate: expect.objectContaining({ decision: 'allow' }),
      slos: [],
    });
    const bad = await get('/v1/entity-slos?entityRef=payment');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('entityRef');

    const alerts = await get('/v1/alerts?entityRef=component:default/payment');
    expect(alerts.body.items.map((a: any) => [a.alert, a.state])).toEqual(
      expect.arrayContaining([
        ['page-1h', 'firing'],
        ['page-6h', 'firing'],
      ]),
    );
    expect(
      published.map(e => `${e.alert}:${e.state}:${e.serviceName}`),
    ).toEqual(expect.arrayContaining(['page-1h:firing:payment']));

    // A second evaluation changes nothing, so records no new alert.
    const before = alerts.body.items.length;
    await scheduler.triggerTask('slo-evaluation');
    expect(
      (await get('/v1/alerts?entityRef=component:default/payment')).body.items,
    ).toHaveLength(before);

    const deploys = await get(
      '/v1/deploys?entityRef=component:default/payment',
    );
    expect(deploys.body.items[0]).toMatchObject({
      version: '1.4.2',
      failed: true,
    });
    expect(deploys.body.changeFailureRate).toBe(1);

    const scorecard = await get(
      '/v1/scorecards?team=group:default/checkout-team',
    );
    expect(scorecard.body.summary).toEqual({
      met: 0,
      missed: 1,
      tooFewEvents: 0,
      noData: 0,
    });
    expect(scorecard.body.slos[0]).toMatchObject({
      verdict: 'missed',
      gate: 'freeze',
    });

    const rules = await get(
      '/v1/slos/default/payment-availability/prometheus-rules',
    );
    expect(rules.status).toBe(200);
    expect(rules.text).toContain('slo:sli_error:ratio_rate30d');
    expect(rules.text).toContain('14.4');
    const dashboard = await get(
      '/v1/dashboards/grafana?entityRef=component:default/payment',
    );
    expect(dashboard.body.panels.length).toBeGreaterThan(0);

    expect((await get('/v1/scorecards?team=checkout-team')).status).toBe(400);
    expect((await get('/v1/slos/default/unknown')).status).toBe(404);
  });
});
