import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import serviceGraphPlugin from '@steward/plugin-service-graph-backend';
import {
  CatalogRelationsResponse,
  DriftResponse,
} from '@steward/plugin-service-graph-common';
import path from 'node:path';
import request from 'supertest';
import waitForExpect from 'wait-for-expect';
import catalogModuleServiceGraph from './index';

jest.setTimeout(90_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

async function startShop(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  const backend = await startTestBackend({
    features: [
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          catalog: {
            rules: [
              {
                allow: ['Component', 'Resource', 'Location', 'Group', 'System'],
              },
            ],
            locations: [
              {
                type: 'file',
                target: path.resolve(__dirname, '__fixtures__/catalog.yaml'),
              },
            ],
            // Entities are processed again within seconds, not minutes.
            processingInterval: { seconds: 1 },
          },
          serviceGraph: {
            ingest: {
              flushIntervalMs: 20,
              allowUnauthenticatedLoopback: false,
            },
            // Unpaired client spans become virtual edges this soon.
            pairing: { ttlMs: 50 },
            catalog: { refreshSeconds: 1 },
          },
        },
      }),
      catalogPlugin,
      serviceGraphPlugin,
      catalogModuleServiceGraph,
    ],
  });
  return backend.server;
}

const attribute = (key: string, value: string) => ({
  key,
  value: { stringValue: value },
});

/** One checkout as OTLP JSON: frontend → cart → redis, frontend → legacy billing. */
function shopTrace(nowMs: number) {
  const traceId = '5b8efff798038103d269b633813fc60c';
  const span = (options: {
    spanId: string;
    parentSpanId?: string;
    name: string;
    kind: number;
    attributes?: ReturnType<typeof attribute>[];
  }) => ({
    traceId,
    spanId: options.spanId,
    parentSpanId: options.parentSpanId,
    name: options.name,
    kind: options.kind,
    startTimeUnixNano: `${nowMs - 100}000000`,
    endTimeUnixNano: `${nowMs - 50}000000`,
    attributes: options.attributes ?? [],
    status: {},
  });
  const SERVER = 2;
  const CLIENT = 3;
  const service = (name: string, spans: unknown[]) => ({
    resource: { attributes: [attribute('service.name', name)] },
    scopeSpans: [{ scope: { name: 'shop' }, spans }],
  });
  return {
    resourceSpans: [
      service('frontend', [
        span({
          spanId: 'a000000000000001',
          name: 'GET /checkout',
          kind: SERVER,
        }),
        span({
          spanId: 'a000000000000002',
          parentSpanId: 'a000000000000001',
          name: 'GET /cart',
          kind: CLIENT,
        }),
        span({
          spanId: 'a000000000000003',
          parentSpanId: 'a000000000000001',
          name: 'POST /invoices',
          kind: CLIENT,
          attributes: [attribute('peer.service', 'legacy-billing')],
        }),
      ]),
      service('cart', [
        span({
          spanId: 'b000000000000001',
          parentSpanId: 'a000000000000002',
          name: 'GET /cart',
          kind: SERVER,
        }),
        span({
          spanId: 'b000000000000002',
          parentSpanId: 'b000000000000001',
          name: 'HGETALL',
          kind: CLIENT,
          attributes: [
            attribute('db.system.name', 'redis'),
            attribute('db.namespace', 'redis-cart'),
          ],
        }),
      ]),
    ],
  };
}

function relationsOf(entity: {
  relations?: Array<{ type: string; targetRef: string }>;
}) {
  return (entity.relations ?? []).map(r => `${r.type} ${r.targetRef}`);
}

describe.each(databases.eachSupportedId())(
  'catalog module service-graph on %s',
  databaseId => {
    it('turns observed edges into relations and reports drift', async () => {
      const server = await startShop(databaseId);
      const user = mockCredentials.user.header();

      const ingest = await request(server)
        .post('/api/service-graph/v1/traces')
        .set('Authorization', mockCredentials.service.header())
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(shopTrace(Date.now())));
      expect(ingest.status).toBe(200);

      const entity = async (ref: string) => {
        const res = await request(server)
          .get(`/api/catalog/entities/by-name/${ref.replace(/[:]/, '/')}`)
          .set('Authorization', user);
        return res.status === 200 ? res.body : undefined;
      };

      await waitForExpect(
        async () => {
          const frontend = await entity('component:default/frontend');
          const cart = await entity('component:default/cart');
          const cache = await entity('resource:default/cart-cache');
          expect(relationsOf(frontend)).toContain(
            'dependsOn component:default/cart',
          );
          expect(relationsOf(cart)).toEqual(
            expect.arrayContaining([
              'dependencyOf component:default/frontend',
              'dependsOn resource:default/cart-cache',
            ]),
          );
          expect(relationsOf(cache)).toContain(
            'dependencyOf component:default/cart',
          );
        },
        40_000,
        250,
      );

      const relations = await request(server)
        .get('/api/service-graph/v1/catalog/relations')
        .set('Authorization', user);
      expect(relations.status).toBe(200);
      const answer = relations.body as CatalogRelationsResponse;
      expect(answer.relations).toEqual([
        {
          source: 'component:default/cart',
          target: 'resource:default/cart-cache',
          connectionType: 'database',
        },
        {
          source: 'component:default/frontend',
          target: 'component:default/cart',
          connectionType: '',
        },
      ]);
      expect(answer.unmatched).toEqual([
        { serviceName: 'legacy-billing', edges: 1, role: 'server' },
      ]);
      expect(answer.conflicts).toEqual([]);

      const named = await request(server)
        .get('/api/catalog/entities?filter=metadata.name=legacy-billing')
        .set('Authorization', user);
      expect(named.body).toEqual([]);

      const drift = await request(server)
        .get('/api/service-graph/v1/drift')
        .query({ entityRef: 'component:default/frontend', window: '1h' })
        .set('Authorization', user);
      expect(drift.status).toBe(200);
      expect(drift.body as DriftResponse).toMatchObject({
        entityRef: 'component:default/frontend',
        declaredNotObserved: ['component:default/search'],
        observedNotDeclared: ['component:default/cart'],
        confirmed: [],
      });

      const cartDrift = await request(server)
        .get('/api/service-graph/v1/drift')
        .query({ entityRef: 'cart' })
        .set('Authorization', user);
      expect(cartDrift.body).toMatchObject({
        entityRef: 'component:default/cart',
        declaredNotObserved: [],
        observedNotDeclared: ['resource:default/cart-cache'],
        confirmed: [],
      });

      const unknown = await request(server)
        .get('/api/service-graph/v1/drift')
        .query({ entityRef: 'component:default/nope' })
        .set('Authorization', user);
      expect(unknown.status).toBe(404);

      const invalid = await request(server)
        .get('/api/service-graph/v1/drift')
        .query({ entityRef: 'group:default/shop-team' })
        .set('Authorization', user);
      expect(invalid.status).toBe(400);
      expect(invalid.body.error.message).toContain('entityRef');
    });
  },
);
