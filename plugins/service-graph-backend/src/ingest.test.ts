import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { DependenciesResponse } from '@steward/plugin-service-graph-common';
import request from 'supertest';
import waitForExpect from 'wait-for-expect';
import { exportShopTraces } from './__testUtils__/exportShopTraces';
import { exportTraceInParts } from './__testUtils__/exportTraceInParts';
import { startServiceGraphBackend } from './__testUtils__/startServiceGraphBackend';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

type Exporters = {
  encoding: 'json' | 'protobuf';
  compression: 'gzip' | 'none';
};

const exporterCases: Exporters[] = [
  { encoding: 'json', compression: 'none' },
  { encoding: 'json', compression: 'gzip' },
  { encoding: 'protobuf', compression: 'none' },
  { encoding: 'protobuf', compression: 'gzip' },
];

describe.each(databases.eachSupportedId())('OTLP ingest on %s', databaseId => {
  it.each(exporterCases)(
    'pairs spans from stock exporters ($encoding, $compression)',
    async exporters => {
      const backend = await startServiceGraphBackend({
        databases,
        databaseId,
        // Each span is its own export: under load a trace's spans arrive over
        // seconds, and the erroring parents end (and arrive) last.
        config: { traces: { assemblyWindowMs: 3000 } },
      });
      const orders = 7;
      await exportShopTraces({
        ...exporters,
        url: `${backend.baseUrl}/v1/traces`,
        token: mockCredentials.service.token(),
        orders,
      });

      const res = await request(backend.server)
        .get('/api/service-graph/v1/dependencies')
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      const edges = (res.body as DependenciesResponse).dependencies.map(d => ({
        parent: d.parent,
        child: d.child,
        callCount: d.callCount,
        errorCount: d.errorCount,
        connectionType: d.connectionType,
      }));
      expect(edges).toEqual([
        {
          parent: 'checkout',
          child: 'accounting',
          callCount: orders,
          errorCount: 0,
          connectionType: 'messaging_system',
        },
        {
          parent: 'checkout',
          child: 'orders-db',
          callCount: orders,
          errorCount: 0,
          connectionType: 'database',
        },
        {
          parent: 'frontend',
          child: 'checkout',
          callCount: orders,
          errorCount: orders,
          connectionType: '',
        },
        {
          parent: 'user',
          child: 'frontend',
          callCount: orders,
          errorCount: 0,
          connectionType: 'virtual_node',
        },
      ]);

      const red = await request(backend.server)
        .get('/api/service-graph/v1/operations?service=checkout')
        .set('Authorization', mockCredentials.user.header());
      expect(red.body.operations).toEqual([
        expect.objectContaining({
          operation: 'CheckoutService/PlaceOrder',
          calls: orders,
          errors: orders,
        }),
      ]);

      const stats = await request(backend.server)
        .get('/api/service-graph/v1/stats')
        .set('Authorization', mockCredentials.user.header());
      expect(stats.body.spansAccepted).toBe(orders * 6);
      expect(stats.body.spansRejected).toBe(0);

      // Every order erred, so its trace is kept for the trace walk.
      const get = (path: string) =>
        request(backend.server)
          .get(`/api/service-graph${path}`)
          .set('Authorization', mockCredentials.user.header());

      const edge = await get(
        '/v1/edges?client=frontend&server=checkout&step=1m',
      );
      expect(edge.body.totals).toMatchObject({ calls: orders, errors: orders });
      expect(
        edge.body.points.reduce((sum: number, p: any) => sum + p.calls, 0),
      ).toBe(orders);

      const frontendRed = await get('/v1/red?service=frontend&step=5m');
      expect(frontendRed.body.totals).toMatchObject({
        calls: orders,
        errors: 0,
      });
      expect(frontendRed.body.stepMs).toBe(300_000);

      const invalid = await get('/v1/red?step=5m');
      expect(invalid.status).toBe(400);
      expect(invalid.body.error.message).toContain('service');

      let traceIds: string[] = [];
      await waitForExpect(async () => {
        const search = await get(
          '/v1/traces?service=checkout&operation=PlaceOrder',
        );
        traceIds = search.body.traceIds;
        expect(traceIds).toHaveLength(orders);
      }, 20_000);
      // The order event's consumer starts a trace of its own, linked.
      const kept = await get(`/v1/traces/${traceIds[0]}`);
      expect(
        kept.body.spans.map((s: any) => [s.service, s.name, s.error]).sort(),
      ).toEqual([
        ['checkout', 'INSERT orders', false],
        ['checkout', 'PlaceOrder', true],
        ['checkout', 'orders publish', false],
        ['frontend', 'POST /api/checkout', false],
        ['frontend', 'POST', true],
      ]);

      await backend.stop();
    },
  );

  it('stores every span of an erroring trace that services export in separate requests', async () => {
    const windowMs = 1000;
    const backend = await startServiceGraphBackend({
      databases,
      databaseId,
      config: { traces: { assemblyWindowMs: windowMs, sampleRate: 0 } },
    });
    // Each service's exporter flushes on its own: checkout's and cart's
    // spans (no error) arrive before the window of the first would close
    // the trace, frontend's erroring root after it, and payment's once
    // the trace has been kept.
    const traceId = await exportTraceInParts({
      url: `${backend.baseUrl}/v1/traces`,
      token: mockCredentials.service.token(),
      parts: [
        { service: 'checkout', atMs: 0, encoding: 'json' },
        { service: 'cart', atMs: 0.8 * windowMs, encoding: 'protobuf' },
        { service: 'frontend', atMs: 1.6 * windowMs, encoding: 'json' },
        { service: 'payment', atMs: 4 * windowMs, encoding: 'json' },
      ],
    });

    await waitForExpect(async () => {
      const res = await request(backend.server)
        .get(`/api/service-graph/v1/traces/${traceId}`)
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      expect(
        res.body.spans.map((s: any) => `${s.service} ${s.name}`).sort(),
      ).toEqual([
        'cart GetCart',
        'checkout Charge',
        'checkout GetCart',
        'checkout PlaceOrder',
        'frontend POST',
        'frontend POST /api/checkout',
        'payment Charge',
      ]);
    }, 10_000);

    await backend.stop();
  });
});
