import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import notificationsBackend from '@backstage/plugin-notifications-backend';
import serviceGraphBackend from '@steward/plugin-service-graph-backend';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import waitForExpect from 'wait-for-expect';
import { failingOrder } from './__testUtils__/failingOrder';
import { freePort, startDaemon } from './__testUtils__/startDaemon';
import { testConfig } from './__testUtils__/testConfig';
import { ownershipPlugin } from './plugin';

jest.setTimeout(180_000);

/** Debian's binaries (scripts/system-packages.sh); the test fails without them. */
const PROMETHEUS = '/usr/bin/prometheus';
const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';

/**
 * A service's metrics in OpenMetrics: an error counter that grows on every
 * scrape, with the trace of a failed request as its exemplar.
 */
async function startMetrics(traceId: string) {
  let errors = 0;
  const server = http.createServer((_req, res) => {
    errors += 1;
    res.writeHead(200, {
      'Content-Type':
        'application/openmetrics-text; version=1.0.0; charset=utf-8',
    });
    res.end(
      [
        '# TYPE checkout_errors counter',
        `checkout_errors_total{service_name="checkout",operation="PlaceOrder"} ${errors} # {trace_id="${traceId}"} 1`,
        '# EOF',
        '',
      ].join('\n'),
    );
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    target: `127.0.0.1:${port}`,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

describe('Prometheus and Alertmanager to the owner of the failing service', () => {
  const stops: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
  });

  it('routes a firing rule by its exemplar trace to currency, owned by platform', async () => {
    const exemplar = failingOrder(1);
    const newer = failingOrder(2);
    const metrics = await startMetrics(exemplar.traceId);
    stops.push(metrics.close);
    // Prometheus starts last (it needs Alertmanager's address) but the
    // backend needs its address first.
    const prometheusPort = await freePort();

    const backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: testConfig({
            extra: {
              ownership: {
                routing: {
                  prometheusUrl: `http://127.0.0.1:${prometheusPort}`,
                },
              },
            },
          }),
        }),
        catalogBackend,
        serviceGraphBackend,
        notificationsBackend,
        ownershipPlugin,
      ],
    });
    stops.push(() => backend.stop());
    const { server } = backend;
    // The exemplar's trace, and a newer erroring order through checkout:
    // without the exemplar, the search for the latest trace would pick it.
    for (const order of [exemplar, newer]) {
      const ingest = await request(server)
        .post('/api/service-graph/v1/traces')
        .set('Authorization', mockCredentials.service.header())
        .send(order.body);
      expect(ingest.status).toBe(200);
    }
    // Routing needs the catalog's owners: wait until they are in.
    await waitForExpect(async () => {
      const entity = await request(server)
        .get('/api/catalog/entities/by-name/group/default/platform')
        .set('Authorization', mockCredentials.user.header());
      expect(entity.status).toBe(200);
    }, 60_000);

    // Alertmanager sends a v4 webhook with a service token, at once.
    const alertmanager = await startDaemon({
      binary: ALERTMANAGER,
      files: {
        // JSON is YAML: no quoting of the token to get wrong.
        'alertmanager.yml': JSON.stringify({
          route: {
            receiver: 'steward',
            group_by: ['alertname'],
            group_wait: '1s',
            group_interval: '1s',
            repeat_interval: '1h',
          },
          receivers: [
            {
              name: 'steward',
              webhook_configs: [
                {
                  url: `http://127.0.0.1:${
                    (server.address() as AddressInfo).port
                  }/api/ownership/v1/alerts/alertmanager`,
                  send_resolved: false,
                  http_config: {
                    authorization: {
                      type: 'Bearer',
                      credentials: mockCredentials.service.token(),
                    },
                  },
                },
              ],
            },
          ],
        }),
      },
      args: ({ port, dir }) => [
        `--config.file=${dir}/alertmanager.yml`,
        `--storage.path=${dir}/data`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
        '--log.level=warn',
      ],
    });
    stops.push(alertmanager.stop);

    // Prometheus scrapes every second and fires as soon as errors grow.
    const prometheus = await startDaemon({
      binary: PROMETHEUS,
      port: prometheusPort,
      files: {
        'prometheus.yml': JSON.stringify({
          global: { scrape_interval: '1s', evaluation_interval: '1s' },
          rule_files: ['rules.yml'],
          alerting: {
            alertmanagers: [
              {
                static_configs: [
                  { targets: [alertmanager.baseUrl.replace('http://', '')] },
                ],
              },
            ],
          },
          scrape_configs: [
            {
              job_name: 'checkout',
              static_configs: [{ targets: [metrics.target] }],
            },
          ],
        }),
        'rules.yml': JSON.stringify({
          groups: [
            {
              name: 'checkout',
              rules: [
                {
                  alert: 'CheckoutErrors',
                  expr: 'rate(checkout_errors_total[10s]) > 0',
                  labels: { severity: 'page' },
                  annotations: { summary: 'checkout orders are failing' },
                },
              ],
            },
          ],
        }),
      },
      args: ({ port, dir }) => [
        `--config.file=${dir}/prometheus.yml`,
        `--storage.tsdb.path=${dir}/data`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--enable-feature=exemplar-storage',
        '--rules.alert.resend-delay=1s',
        '--log.level=warn',
      ],
    });
    stops.push(prometheus.stop);

    let decision: any;
    await waitForExpect(async () => {
      const res = await request(server)
        .get('/api/ownership/v1/routing/decisions')
        .set('Authorization', mockCredentials.user.header());
      decision = res.body.items.find(
        (d: any) => d.alertName === 'CheckoutErrors',
      );
      expect(decision).toBeDefined();
    }, 60_000);
    expect(decision).toMatchObject({
      source: 'alertmanager',
      status: 'firing',
      alertService: 'checkout',
      traceId: exemplar.traceId,
      culpritService: 'currency',
      entityRef: 'component:default/currency',
      ownerRef: 'group:default/platform',
      tracePath: [
        'checkout/PlaceOrder',
        'checkout/Convert',
        'currency/Convert',
      ],
      generatorUrl: expect.stringContaining('g0.expr=rate'),
    });
    expect(decision.explanation.join(' ')).toContain(
      'latest exemplar of the alert',
    );

    // Platform's on-call got the notification; checkout's team did not.
    // The decision is recorded before it is delivered: wait for delivery.
    await waitForExpect(async () => {
      const inbox = await request(server)
        .get('/api/notifications/notifications')
        .set(
          'Authorization',
          mockCredentials.user.header('user:default/sofia'),
        );
      expect(inbox.body.notifications[0]?.payload).toMatchObject({
        title: 'CheckoutErrors: currency is failing',
        description: expect.stringContaining('checkout orders are failing'),
      });
    }, 30_000);
    const checkoutInbox = await request(server)
      .get('/api/notifications/notifications')
      .set('Authorization', mockCredentials.user.header('user:default/diego'));
    expect(checkoutInbox.body.notifications).toEqual([]);
  });
});
