import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { refusingPermissions, tableNames } from '@steward/fuzz';
import { CATALOG_FIXTURE } from './__testUtils__/catalogFixture';
import { startSloBackend } from './testUtils';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const deploy = { entityRef: 'component:default/payment', version: '1.0.0' };

describe.each(databases.eachSupportedId())('slo security on %s', databaseId => {
  it('refuses recording a deploy without a token or without the permission', async () => {
    const permissions = refusingPermissions('slo.');
    permissions.refuse(true);
    const backend = await startSloBackend({
      knex: await databases.init(databaseId),
      catalogFile: CATALOG_FIXTURE,
      features: [
        ...permissions.features,
        // As in production, a request without a token has no credentials
        // (the test backend would otherwise take it for a signed-in user).
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
      config: { permission: { enabled: true } },
    });
    try {
      const post = (headers: Record<string, string>) =>
        fetch(`${backend.baseUrl}/v1/deploys`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...headers },
          body: JSON.stringify(deploy),
        });
      expect((await post({})).status).toBe(401);
      const denied = await post({
        Authorization: mockCredentials.user.header(),
      });
      expect(denied.status).toBe(403);
      expect((await denied.json()).error.message).toContain(
        'slo.deploy.create',
      );
    } finally {
      await backend.stop();
    }
  });

  it('treats SQL and LIKE metacharacters, long values and lists in queries as data', async () => {
    const knex = await databases.init(databaseId);
    const backend = await startSloBackend({
      knex,
      catalogFile: CATALOG_FIXTURE,
    });
    try {
      const get = async (path: string) => {
        const res = await fetch(`${backend.baseUrl}${path}`, {
          headers: { Authorization: mockCredentials.user.header() },
        });
        return { status: res.status, body: await res.json() };
      };
      const recorded = await fetch(`${backend.baseUrl}/v1/deploys`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: mockCredentials.service.header(),
        },
        body: JSON.stringify(deploy),
      });
      expect(recorded.status).toBe(201);
      const tablesBefore = await tableNames(knex);
      const deploysOf = async (ref: string) =>
        (await get(`/v1/deploys?entityRef=${encodeURIComponent(ref)}`)).body
          .items?.length;

      expect(await deploysOf('component:default/payment')).toBe(1);
      for (const probe of [
        'component:default/paymen_',
        'component:default/_______',
        'component:default/pay.ent',
      ]) {
        expect([probe, await deploysOf(probe)]).toEqual([probe, 0]);
      }
      for (const path of [
        '/v1/deploys?entityRef=component:default/pay%25',
        `/v1/deploys?entityRef=${encodeURIComponent(
          "component:default/payment' OR '1'='1",
        )}`,
        `/v1/deploys?entityRef=${encodeURIComponent(
          "x'; DROP TABLE slo_deploys; --",
        )}`,
        '/v1/slos?entityRef=a&entityRef=b',
        '/v1/gate?entityRef[a]=component:default/payment',
        '/v1/alerts?sloRef[]=x',
        '/v1/scorecards?team=group:default/a&quarter=2026-Q4%27',
      ]) {
        const res = await get(path);
        expect([path, res.status]).toEqual([path, 400]);
        expect(res.body.error.message).toMatch(/entityRef|sloRef|quarter/);
      }
      // A ref of any length is only compared: nothing matches it.
      expect(
        await get(`/v1/slos?entityRef=component:default/${'p'.repeat(10_000)}`),
      ).toEqual({ status: 200, body: { items: [] } });
      expect(await tableNames(knex)).toEqual(tablesBefore);
      expect(await deploysOf('component:default/payment')).toBe(1);
    } finally {
      await backend.stop();
    }
  });
});
