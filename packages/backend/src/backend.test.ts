import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import catalogModuleOwnership from '@steward/plugin-catalog-backend-module-ownership';
import catalogModuleSlo from '@steward/plugin-catalog-backend-module-slo';
import ownershipBackend from '@steward/plugin-ownership-backend';
import serviceGraphBackend from '@steward/plugin-service-graph-backend';
import sloBackend from '@steward/plugin-slo-backend';
import {
  OwnershipClient,
  validateGroupOnCall,
} from '@steward/plugin-ownership-common';
import { ServiceGraphClient } from '@steward/plugin-service-graph-common';
import { SloClient } from '@steward/plugin-slo-common';
import path from 'node:path';
import request from 'supertest';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const demoCatalog = path.resolve(__dirname, '../../../catalog-info/all.yaml');

async function startStewardBackend(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  return startTestBackend({
    features: [
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          catalog: {
            rules: [
              {
                allow: [
                  'Component',
                  'System',
                  'Resource',
                  'Location',
                  'Group',
                  'User',
                ],
              },
              { allow: ['SLO', 'SLI', 'AlertPolicy'] },
            ],
            locations: [{ type: 'file', target: demoCatalog }],
          },
        },
      }),
      catalogBackend,
      catalogModuleSlo,
      catalogModuleOwnership,
      serviceGraphBackend,
      sloBackend,
      ownershipBackend,
    ],
  });
}

async function eventually<T>(probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in 60s');
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

describe.each(databases.eachSupportedId())(
  'Steward backend on %s',
  databaseId => {
    it('ingests the demo organisation and serves every plugin', async () => {
      const { server } = await startStewardBackend(databaseId);
      const auth = `Bearer ${mockCredentials.user.token()}`;

      const checkout = await eventually(async () => {
        const res = await request(server)
          .get('/api/catalog/entities/by-name/component/default/checkout')
          .set('Authorization', auth);
        return res.status === 200 ? res.body : undefined;
      });
      expect(checkout.spec.owner).toBe('checkout-team');
      expect(checkout.metadata.annotations['steward.dev/tier']).toBe('1');

      const owner = await eventually(async () => {
        const res = await request(server)
          .get('/api/catalog/entities/by-name/group/default/checkout-team')
          .set('Authorization', auth);
        return res.status === 200 ? res.body : undefined;
      });
      expect(owner.spec.type).toBe('team');

      // Entities are processed one by one: wait for the whole demo shop.
      const components = await eventually(async () => {
        const res = await request(server)
          .get('/api/catalog/entities?filter=kind=component')
          .set('Authorization', auth);
        return res.body.length >= 13 ? res.body : undefined;
      });
      expect(components.map((c: any) => c.metadata.name)).toContain('currency');

      // The demo teams' on-call: valid against the catalog's Users and
      // Groups, and someone on call now in every rotation.
      const entities = async (kind: string) =>
        (
          await request(server)
            .get(`/api/catalog/entities?filter=kind=${kind}`)
            .set('Authorization', auth)
        ).body;
      const groups = await entities('group');
      const userRefs = new Set<string>(
        (await entities('user')).map(
          (u: any) => `user:default/${u.metadata.name}`,
        ),
      );
      const groupRefs = new Set<string>(
        groups.map((g: any) => `group:default/${g.metadata.name}`),
      );
      const teams = groups.filter((g: any) => g.spec.type === 'team');
      expect(teams).toHaveLength(5);
      for (const team of teams) {
        expect(
          validateGroupOnCall(team, { userRefs, groupRefs }),
        ).toMatchObject({
          ok: true,
        });
        const oncall = await request(server)
          .get(`/api/ownership/v1/oncall?groupRef=${team.metadata.name}`)
          .set('Authorization', auth);
        expect(oncall.status).toBe(200);
        expect(oncall.body.provider).toBe('builtin');
        for (const schedule of oncall.body.schedules) {
          expect(userRefs.has(schedule.current[0].userRef)).toBe(true);
          expect(schedule.nextFromMs).toBeGreaterThan(Date.now());
        }
      }
      const health = await request(server)
        .get('/api/ownership/v1/oncall/health')
        .set('Authorization', auth);
      expect(health.body.groupsWithoutRotation).toEqual([]);
      expect(health.body.rotations).toHaveLength(7);

      // The catalog module's docs audit on the demo's Components.
      const audited = await eventually(async () => {
        const res = await request(server)
          .get('/api/catalog/entities/by-name/component/default/ad')
          .set('Authorization', auth);
        return res.body?.metadata?.annotations?.['steward.dev/docs-score'];
      });
      expect(Number(audited)).toBeLessThan(100);

      const discoveryApi = {
        getBaseUrl: async (pluginId: string) =>
          `http://localhost:${server.port()}/api/${pluginId}`,
      };
      for (const client of [
        new ServiceGraphClient({ discoveryApi }),
        new SloClient({ discoveryApi }),
        new OwnershipClient({ discoveryApi }),
      ]) {
        await expect(client.getHealth()).resolves.toEqual({ status: 'ok' });
      }
    });
  },
);
