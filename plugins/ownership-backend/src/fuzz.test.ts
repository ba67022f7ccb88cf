import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { describeApiFuzzing, FuzzRoute, fuzzSettings } from '@steward/fuzz';
import { alertmanagerWebhook } from './__testUtils__/alertmanagerWebhook';
import { postmortemDocument } from './__testUtils__/postmortemDocument';
import { startOwnershipBackend } from './__testUtils__/startOwnershipBackend';

// Generated bad input against every route of a started backend: no 5xx, no
// hang, every 400 naming the field. STEWARD_FUZZ_RUNS / _SECONDS / _SEED
// lengthen a run (the reliability suite does).

const settings = fuzzSettings({ runs: 150, budgetMs: 15_000 });
jest.setTimeout(120_000 + 2 * settings.budgetMs);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const REF = ['groupRef', 'entityRef'];

const routes: FuzzRoute[] = [
  {
    method: 'POST',
    path: '/v1/alerts/alertmanager',
    body: alertmanagerWebhook({
      labels: { alertname: 'Errors', service: 'pay-api' },
      startsAt: '2026-11-01T00:00:00Z',
    }),
    headers: { Authorization: mockCredentials.service.header() },
  },
  {
    method: 'GET',
    path: '/v1/routing/decisions',
    query: ['entityRef', 'ownerRef', 'limit'],
  },
  { method: 'GET', path: '/v1/docs/audit', query: ['entityRef'] },
  { method: 'GET', path: '/v1/docs/audit/team', query: ['groupRef'] },
  {
    method: 'GET',
    path: '/v1/docs/audit/history',
    query: ['entityRef', 'groupRef', 'days'],
  },
  { method: 'GET', path: '/v1/oncall', query: [...REF, 'at'] },
  { method: 'GET', path: '/v1/oncall/escalation', query: [...REF, 'at'] },
  { method: 'GET', path: '/v1/oncall/health', query: ['groupRef'] },
  {
    method: 'GET',
    path: '/v1/config/escalation-policy',
    query: [...REF, 'provider'],
  },
  {
    method: 'POST',
    path: '/v1/routing/decisions/:id/acknowledge',
    body: {},
  },
  {
    method: 'POST',
    path: '/v1/routing/decisions/:id/actioned',
    body: { actioned: true },
  },
  {
    method: 'GET',
    path: '/v1/hygiene',
    query: ['ownerRef', 'weeks', 'oftenPerWeek', 'minFires'],
  },
  {
    method: 'GET',
    path: '/v1/metrics/org',
    query: ['weeks', 'points', 'stepWeeks'],
  },
  { method: 'GET', path: '/v1/postmortems', query: ['ownerRef', 'limit'] },
  {
    method: 'GET',
    path: '/v1/postmortems/stats',
    query: ['ownerRef', 'days', 'repeatWithinDays'],
  },
  {
    method: 'POST',
    path: '/v1/postmortems',
    body: {
      ownerRef: 'group:default/payments',
      document: postmortemDocument,
    },
  },
  { method: 'GET', path: '/v1/postmortems/:id' },
  {
    method: 'PUT',
    path: '/v1/postmortems/:id',
    body: { document: { title: 'Payment errors' } },
  },
  { method: 'DELETE', path: '/v1/postmortems/:id' },
  { method: 'GET', path: '/health' },
];

describeApiFuzzing({
  api: 'ownership',
  databaseIds: databases.eachSupportedId(),
  start: async databaseId =>
    startOwnershipBackend({
      knex: await databases.init(databaseId),
      ownership: {},
    }),
  routes,
  headers: backend => ({ Authorization: backend.user }),
  settings,
  tests: backend => {
    it('answers the findings of earlier runs with 4xx naming the field', async () => {
      const { baseUrl, user } = backend();
      const call = async (method: string, path: string, body?: string) => {
        const res = await fetch(`${baseUrl}${path}`, {
          method,
          headers: {
            Authorization: user,
            'Content-Type': 'application/json',
          },
          body,
        });
        return { status: res.status, body: await res.json() };
      };
      // A decision id past the 32-bit serial was a 500 on PostgreSQL.
      const ack = await call(
        'POST',
        `/v1/routing/decisions/${'4'.repeat(40)}/acknowledge`,
        '{}',
      );
      expect(ack.status).toBe(400);
      expect(ack.body.error.message).toContain('id');
      // A body that is JSON but not an object was "not valid JSON".
      for (const body of ['""', 'true', '-1e308']) {
        const res = await call('POST', '/v1/postmortems', body);
        expect([body, res.status]).toEqual([body, 400]);
        expect(res.body.error.message).toMatch(/^Invalid body: body: /);
      }
      // One group whose provider is not configured made the org-wide
      // health a 503; it is listed as unavailable instead.
      const health = await call('GET', '/v1/oncall/health');
      expect(health.status).toBe(200);
      expect(health.body.unavailable).toContainEqual({
        group: 'group:default/broken',
        message: expect.stringContaining(
          'ownership.oncall.pagerduty is not configured',
        ),
      });
      // A number given as an object with its own toString: Number() threw.
      const objectNumber = await call(
        'GET',
        '/v1/docs/audit/history?groupRef=payments&days[toString]=x',
      );
      expect(objectNumber.status).toBe(400);
      expect(objectNumber.body.error.message).toContain('days:');
      // A name the catalog refuses was its 400, naming no parameter.
      const malformed = await call(
        'GET',
        '/v1/docs/audit?entityRef=%F3%B6%95%90%F4%8E%9E%A8',
      );
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.message).toContain('entityRef:');
      // A NUL character would reach PostgreSQL, which refuses it.
      const nul = await call('GET', '/v1/postmortems?ownerRef=%00');
      expect(nul.status).toBe(400);
      expect(nul.body.error.message).toContain('ownerRef:');
      // A time past the Date range.
      const late = await call(
        'GET',
        '/v1/oncall?groupRef=payments&at=8640000000000001',
      );
      expect(late.status).toBe(400);
      expect(late.body.error.message).toContain('at:');
    });
  },
});
