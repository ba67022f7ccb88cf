import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { DependenciesResponse } from '@steward/plugin-service-graph-common';
import request from 'supertest';
import waitForExpect from 'wait-for-expect';
import { exportShopTraces } from './__testUtils__/exportShopTraces';
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
        config: { traces: { assemblyWindowMs: 200 } },
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
      await waitForExpect(async () => {
        const search = await request(backend.server)
          .get(
            '/api/service-graph/v1/traces?service=checkout&operation=PlaceOrder',
          )
          .set('Authorization', mockCredentials.user.header());
        expect(search.body.traceIds).toHaveLength(orders);
      });

      await backend.stop();
    },
  );
});
