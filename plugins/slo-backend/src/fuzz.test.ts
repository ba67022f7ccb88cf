import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { describeApiFuzzing, FuzzRoute, fuzzSettings } from '@steward/fuzz';
import { CATALOG_FIXTURE } from './__testUtils__/catalogFixture';
import { startSloBackend } from './testUtils';

// Generated bad input against every route of a started backend: no 5xx, no
// hang, every 400 naming the field. STEWARD_FUZZ_RUNS / _SECONDS / _SEED
// lengthen a run (the reliability suite does).

const settings = fuzzSettings({ runs: 150, budgetMs: 15_000 });
jest.setTimeout(90_000 + 2 * settings.budgetMs);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const routes: FuzzRoute[] = [
  { method: 'GET', path: '/v1/slos', query: ['entityRef', 'ownerRef'] },
  { method: 'GET', path: '/v1/slos/:namespace/:name' },
  { method: 'GET', path: '/v1/slos/:namespace/:name/prometheus-rules' },
  { method: 'GET', path: '/v1/dashboards/grafana', query: ['entityRef'] },
  { method: 'GET', path: '/v1/gate', query: ['entityRef'] },
  {
    method: 'POST',
    path: '/v1/deploys',
    body: {
      entityRef: 'component:default/payment',
      version: '1.4.2',
      deployedAt: 1700000000000,
    },
    headers: { Authorization: mockCredentials.service.header() },
  },
  { method: 'GET', path: '/v1/deploys', query: ['entityRef', 'limit'] },
  {
    method: 'GET',
    path: '/v1/alerts',
    query: ['entityRef', 'sloRef', 'limit'],
  },
  { method: 'GET', path: '/v1/scorecards', query: ['team', 'quarter'] },
  { method: 'GET', path: '/health' },
];

describeApiFuzzing({
  api: 'slo',
  databaseIds: databases.eachSupportedId(),
  start: async databaseId =>
    startSloBackend({
      knex: await databases.init(databaseId),
      catalogFile: CATALOG_FIXTURE,
    }),
  routes,
  headers: () => ({ Authorization: mockCredentials.user.header() }),
  settings,
  tests: backend => {
    it('answers the findings of earlier runs with 4xx naming the field', async () => {
      const { baseUrl } = backend();
      const post = async (body: string) => {
        const res = await fetch(`${baseUrl}/v1/deploys`, {
          method: 'POST',
          headers: {
            Authorization: mockCredentials.service.header(),
            'Content-Type': 'application/json',
          },
          body,
        });
        return {
          status: res.status,
          message: (await res.json()).error?.message,
        };
      };
      // Past the bigint column, PostgreSQL refused the insert: a 500.
      expect(
        await post(
          JSON.stringify({
            entityRef: 'component:default/payment',
            deployedAt: 1e308,
          }),
        ),
      ).toEqual({
        status: 400,
        message: expect.stringContaining('deployedAt'),
      });
      // A number given as an object with its own toString: Number() threw.
      const alerts = await fetch(`${baseUrl}/v1/alerts?limit[toString]=x`, {
        headers: { Authorization: mockCredentials.user.header() },
      });
      expect(alerts.status).toBe(400);
      expect((await alerts.json()).error.message).toContain('limit:');
      // A NUL character reached PostgreSQL, which refused it: a 500.
      const nul = await fetch(`${baseUrl}/v1/slos/default/%00`, {
        headers: { Authorization: mockCredentials.user.header() },
      });
      expect(nul.status).toBe(400);
      expect((await nul.json()).error.message).toContain(
        'name: must not contain NUL characters',
      );
      // A body that is JSON but not an object was "not valid JSON".
      expect(await post('"x"')).toEqual({
        status: 400,
        message: expect.stringMatching(/^Invalid body: body: /),
      });
    });
  },
});
