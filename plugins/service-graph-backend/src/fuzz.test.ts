import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import {
  describeApiFuzzing,
  FuzzRoute,
  fuzzSettings,
  sampleBinaryBodies,
} from '@steward/fuzz';
import { startServiceGraphBackend } from './__testUtils__/startServiceGraphBackend';

// Generated bad input against every route of a started backend: no 5xx, no
// hang, every 400 naming the field. STEWARD_FUZZ_RUNS / _SECONDS / _SEED
// lengthen a run (the reliability suite does).

const settings = fuzzSettings({ runs: 150, budgetMs: 15_000 });
jest.setTimeout(90_000 + 2 * settings.budgetMs);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const TIME = ['from', 'to'];

const otlpRequest = {
  resourceSpans: [
    {
      resource: {
        attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }],
      },
      scopeSpans: [
        {
          spans: [
            {
              traceId: '5b8efff798038103d269b633813fc60c',
              spanId: 'eee19b7ec3c1b174',
              name: 'GET /',
              kind: 2,
              startTimeUnixNano: '1700000000000000000',
              endTimeUnixNano: '1700000000250000000',
              status: { code: 2 },
            },
          ],
        },
      ],
    },
  ],
};

const routes: FuzzRoute[] = [
  {
    method: 'POST',
    path: '/v1/traces',
    body: otlpRequest,
    headers: { Authorization: mockCredentials.service.header() },
  },
  { method: 'GET', path: '/v1/dependencies', query: TIME },
  {
    method: 'GET',
    path: '/v1/red',
    query: ['service', 'operation', 'step', ...TIME],
  },
  { method: 'GET', path: '/v1/operations', query: ['service', ...TIME] },
  {
    method: 'GET',
    path: '/v1/edges',
    query: ['client', 'server', 'step', ...TIME],
  },
  {
    method: 'GET',
    path: '/v1/traces',
    query: ['service', 'operation', 'limit', ...TIME],
  },
  { method: 'GET', path: '/v1/traces/:traceId' },
  { method: 'GET', path: '/v1/catalog/relations', query: ['window'] },
  { method: 'GET', path: '/v1/drift', query: ['entityRef', 'window'] },
  {
    method: 'POST',
    path: '/v1/sli/windows',
    body: {
      kind: 'edge',
      services: ['shop'],
      thresholdsMs: [100],
      selectors: [{ source: 'user', target: 'shop', thresholdMs: 100 }],
      windows: [{ from: 1700000000000, to: 1700000060000 }],
    },
  },
  { method: 'GET', path: '/v1/stats' },
  { method: 'GET', path: '/health' },
];

describeApiFuzzing({
  api: 'service-graph',
  databaseIds: databases.eachSupportedId(),
  start: databaseId =>
    startServiceGraphBackend({
      databases,
      databaseId,
      features: [catalogBackend],
    }),
  routes,
  headers: () => ({ Authorization: mockCredentials.user.header() }),
  settings,
  tests: backend => {
    it('answers damaged protobuf and gzip bodies with 200 or 400, never more', async () => {
      const statuses = new Set<number>();
      for (const body of sampleBinaryBodies({
        count: settings.runs,
        seed: settings.seed,
      })) {
        const res = await fetch(`${backend().baseUrl}/v1/traces`, {
          method: 'POST',
          headers: {
            Authorization: mockCredentials.service.header(),
            'Content-Type': 'application/x-protobuf',
            ...(body.gzip ? { 'Content-Encoding': 'gzip' } : {}),
          },
          body: body.bytes,
          signal: AbortSignal.timeout(10_000),
        });
        await res.arrayBuffer();
        statuses.add(res.status);
      }
      expect([...statuses].filter(s => s !== 200 && s !== 400)).toEqual([]);
      expect(statuses.has(400)).toBe(true);
    });

    it('answers the findings of earlier runs with 4xx naming the field', async () => {
      // A time past the Date range was a 500 when the answer rendered it.
      for (const path of [
        '/v1/dependencies?to=8640000000000001',
        '/v1/red?service=shop&to=8640000000000001&step=1m',
        '/v1/edges?client=a&server=b&to=9000000000000000',
        // A number given as an object with its own toString: Number() threw.
        '/v1/traces?service=a&limit[toString]=x',
        // A name the catalog refuses was its 400, naming no parameter.
        '/v1/drift?entityRef=%F1%85%8D%BD',
        // A NUL character would reach PostgreSQL, which refuses it.
        '/v1/operations?service=%00',
      ]) {
        const res = await fetch(`${backend().baseUrl}${path}`, {
          headers: { Authorization: mockCredentials.user.header() },
        });
        expect([path, res.status]).toEqual([path, 400]);
        expect((await res.json()).error.message).toMatch(
          /to:|limit:|entityRef:|service:/,
        );
      }
    });
  },
});
