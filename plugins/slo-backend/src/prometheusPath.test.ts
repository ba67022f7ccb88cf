import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import serviceGraphBackend from '@steward/plugin-service-graph-backend';
import {
  PrometheusClient,
  spanMetricsNames,
} from '@steward/plugin-service-graph-common';
import { existsSync } from 'node:fs';
import request from 'supertest';
import {
  ConnectorMetricsExporter,
  recordShopTraffic,
  shopCatalog,
  startScrapingPrometheus,
} from './__testUtils__/connectorMetrics';
import { PROMETHEUS } from './__testUtils__/startPrometheus';
import { loadSloDefinitions } from './catalog/loadSloDefinitions';
import { readSloConfig } from './config';
import { applyDatabaseMigrations } from './database/migrations';
import { SloEvaluator } from './evaluation/SloEvaluator';
import { SpanMetricsSliSource } from './sli/SpanMetricsSliSource';
import { ConfigReader } from '@backstage/config';

jest.setTimeout(60_000);

// CI installs Prometheus (scripts/system-packages.sh): there, a missing
// binary fails the test instead of skipping it.
const installed = existsSync(PROMETHEUS) || Boolean(process.env.CI);
if (!installed) {
  // eslint-disable-next-line no-console
  console.warn(
    `Skipping the Collector and Prometheus path tests: ${PROMETHEUS} is not installed (scripts/system-packages.sh installs it)`,
  );
}
const describeWithPrometheus = installed ? describe : describe.skip;

const entities = shopCatalog() as Entity[];

describeWithPrometheus('the Collector and Prometheus path', () => {
  let exporter: ConnectorMetricsExporter;
  let prometheus: Awaited<ReturnType<typeof startScrapingPrometheus>>;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  /** The timestamp of the scrape that first showed every count. */
  let toMs: number;
  /** A range that starts before any series and ends on that scrape. */
  let range: string;

  beforeAll(async () => {
    exporter = await ConnectorMetricsExporter.start();
    prometheus = await startScrapingPrometheus({ exporter });
    recordShopTraffic(exporter);
    toMs = await exporter.settled();
    await prometheus.ingested(toMs);
    range = `from=${toMs - 300_000}&to=${toMs}`;
    ({ server } = await startTestBackend({
      features: [
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            serviceGraph: {
              source: 'prometheus',
              prometheus: { baseUrl: prometheus.baseUrl },
            },
          },
        }),
        serviceGraphBackend,
      ],
    }));
  });

  afterAll(async () => {
    await prometheus?.stop();
    await exporter?.stop();
  });

  const get = (path: string) =>
    request(server)
      .get(`/api/service-graph${path}`)
      .set('Authorization', mockCredentials.user.header());

  /** What Prometheus itself answers, to compare quantiles with. */
  const promQuantile = async (q: number, expr: string, msPerUnit: number) => {
    const [sample] = await PrometheusClient.create({
      baseUrl: prometheus.baseUrl,
    }).query(`histogram_quantile(${q}, ${expr})`, toMs);
    return sample.value * msPerUnit;
  };

  it('answers dependencies with the servicegraph counts', async () => {
    const response = await get(`/v1/dependencies?${range}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      from: new Date(toMs - 300_000).toISOString(),
      to: new Date(toMs).toISOString(),
      resolution: 's',
    });
    // increase() is exact here: each series starts at zero inside the range
    // and the range ends on a scrape.
    expect(
      response.body.dependencies.map((d: any) => [
        d.parent,
        d.child,
        d.connectionType,
        d.callCount,
        d.errorCount,
      ]),
    ).toEqual([
      ['checkout', 'payment', '', 100, 5],
      ['checkout', 'postgres', 'database', 50, 0],
      ['web', 'checkout', '', 100, 10],
    ]);
    // 100 calls of 40 ms in the (10 ms, 50 ms] bucket: interpolated, as
    // histogram_quantile does, from the client's latency.
    const web = response.body.dependencies[2];
    expect(web.latencyMs.p50).toBeCloseTo(30, 9);
    expect(web.latencyMs.p90).toBeCloseTo(46, 9);
    expect(web.latencyMs.p99).toBeCloseTo(49.6, 9);
    expect(web.latencyMs.p99).toBeCloseTo(
      await promQuantile(
        0.99,
        'sum by (le)(increase(traces_service_graph_request_client_seconds_bucket{client="web"}[300s]))',
        1000,
      ),
      9,
    );
  });

  it("answers a service's RED from its served spans only", async () => {
    const response = await get(`/v1/red?service=checkout&${range}`);
    expect(response.status).toBe(200);
    // 140 SERVER spans; the 100 CLIENT spans are not checkout's requests.
    expect(response.body.totals).toMatchObject({ calls: 140, errors: 10 });
    // Without a step the range is one step, whose point is the totals.
    expect(response.body.points).toEqual([
      { time: new Date(toMs - 300_000).toISOString(), ...response.body.totals },
    ]);
    // Ranks: 40 in (4, 6], 90 in (10, 50], 10 in (100, 200].
    expect(response.body.totals.latencyMs.p50).toBeCloseTo(
      10 + 40 * (30 / 90),
      9,
    );
    expect(response.body.totals.latencyMs.p99).toBeCloseTo(
      100 + 100 * (8.6 / 10),
      9,
    );
    expect(response.body.totals.latencyMs.p50).toBeCloseTo(
      await promQuantile(
        0.5,
        'sum by (le)(increase(traces_span_metrics_duration_milliseconds_bucket{service_name="checkout", span_kind="SPAN_KIND_SERVER"}[300s]))',
        1,
      ),
      9,
    );

    const operation = await get(
      `/v1/red?service=checkout&operation=${encodeURIComponent(
        'POST /orders',
      )}&${range}`,
    );
    expect(operation.body.totals).toMatchObject({ calls: 100, errors: 10 });

    const operations = await get(`/v1/operations?service=checkout&${range}`);
    expect(
      operations.body.operations.map((o: any) => [
        o.operation,
        o.calls,
        o.errors,
      ]),
    ).toEqual([
      ['POST /orders', 100, 10],
      ['GET /cart', 40, 0],
    ]);
  });

  it('answers an edge per step', async () => {
    const response = await get(
      `/v1/edges?client=web&server=checkout&step=60s&${range}`,
    );
    expect(response.status).toBe(200);
    expect(response.body.totals).toMatchObject({ calls: 100, errors: 10 });
    expect(response.body.points).toHaveLength(5);
    // Each step is its own increase() over 60 s, exact only when scrapes
    // fall on both of its ends; with one scrape a second a step may be
    // extrapolated by a second's worth: at most 1.1 s / 59 s, about 2%.
    const calls = response.body.points.reduce(
      (sum: number, p: any) => sum + p.calls,
      0,
    );
    expect(calls).toBeGreaterThanOrEqual(100);
    expect(calls).toBeLessThanOrEqual(100 * (1 + 1.1 / 59));

    const badStep = await get(
      `/v1/edges?client=web&server=checkout&step=1500ms&${range}`,
    );
    expect(badStep.status).toBe(400);
    expect(badStep.body.error.message).toContain('step');
  });

  it('maps the observed edges to catalog relations and drift', async () => {
    const relations = await get('/v1/catalog/relations?window=1h');
    expect(relations.status).toBe(200);
    expect(
      relations.body.relations.map((r: any) => `${r.source} -> ${r.target}`),
    ).toEqual(
      expect.arrayContaining([
        'component:default/web -> component:default/checkout',
        'component:default/checkout -> component:default/payment',
        'component:default/checkout -> resource:default/postgres',
      ]),
    );
    const drift = await get('/v1/drift?entityRef=component:default/checkout');
    expect(drift.body).toMatchObject({
      confirmed: ['component:default/payment'],
      declaredNotObserved: ['component:default/inventory'],
      observedNotDeclared: ['resource:default/postgres'],
    });
  });

  it('leaves SLI windows to the SLO backend', async () => {
    const response = await request(server)
      .post('/api/service-graph/v1/sli/windows')
      .set('Authorization', mockCredentials.service.header())
      .send({ windows: [{ from: 0, to: 1 }] });
    expect(response.status).toBe(501);
    expect(response.body.error.message).toContain('serviceGraph.source');
  });

  describe('trace-based SLIs from spanmetrics', () => {
    const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

    async function evaluate(spanMetrics: {
      prefix: string;
      durationUnit: 'ms' | 's';
    }) {
      const knex = await databases.init('SQLITE_3');
      await applyDatabaseMigrations(knex);
      const definitions = await loadSloDefinitions({
        catalog: catalogServiceMock({ entities }),
        auth: mockServices.auth(),
        defaults: { warnAt: 0.5, freezeAt: 0.9 },
      });
      const evaluator = SloEvaluator.create({
        knex,
        sources: [
          SpanMetricsSliSource.create({
            client: PrometheusClient.create({ baseUrl: prometheus.baseUrl }),
            names: spanMetricsNames(spanMetrics),
          }),
        ],
        config: readSloConfig(new ConfigReader({})),
        events: mockServices.events.mock(),
        logger: mockServices.logger.mock(),
      });
      // Evaluated at the scrape that showed every count: exact counts.
      const results = await evaluator.evaluate(definitions, toMs);
      return new Map(
        results.map(r => [r.definition.sloRef, r.evaluation] as const),
      );
    }

    // The seconds histogram under another prefix holds only POST /orders
    // (90 ok, 10 failed): its availability counts 100 calls, not 140.
    it.each([
      [
        'milliseconds, the default names',
        { prefix: 'traces_span_metrics', durationUnit: 'ms' as const },
        { good: 130, total: 140 },
        'latency threshold 300 ms is not a bucket bound of traces_span_metrics_duration_milliseconds_bucket (bounds: 2ms, 4ms, 6ms, 8ms, 10ms, 50ms, 100ms, 200ms, 400ms',
      ],
      [
        'seconds under another prefix',
        { prefix: 'otel_traces_span_metrics', durationUnit: 's' as const },
        { good: 90, total: 100 },
        'latency threshold 300 ms is not a bucket bound of otel_traces_span_metrics_duration_seconds_bucket (bounds: 0.002s, 0.004s',
      ],
    ])(
      'counts availability, and latency at a bucket bound, exactly from %s',
      async (_name, spanMetrics, availability, notABoundReason) => {
        const byRef = await evaluate(spanMetrics);
        expect(
          byRef.get('slo:default/checkout-availability')?.sli,
        ).toMatchObject(availability);
        // 90 of 100 POST /orders took 30 ms, 10 took 150 ms: all ≤ 200 ms.
        expect(byRef.get('slo:default/orders-latency')?.sli).toMatchObject({
          good: 100,
          total: 100,
        });
        const notABound = byRef.get('slo:default/orders-latency-300');
        expect(notABound?.state).toBe('unsupported');
        expect(notABound?.reason).toContain(notABoundReason);
      },
    );
  });
});
