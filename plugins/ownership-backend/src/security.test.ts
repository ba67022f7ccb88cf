import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { refusingPermissions, tableNames } from '@steward/fuzz';
import request from 'supertest';
import { alertmanagerWebhook } from './__testUtils__/alertmanagerWebhook';
import { oboHttpAuthServiceFactory } from './__testUtils__/oboHttpAuth';
import { postmortemDocument as document } from './__testUtils__/postmortemDocument';
import { startOwnershipBackend } from './__testUtils__/startOwnershipBackend';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

/** Every write of the plugin, and the one kind of caller each admits. */
const WRITES: Array<{
  method: 'post' | 'put' | 'delete';
  path: string;
  body?: object;
  caller: 'user' | 'service';
}> = [
  {
    method: 'post',
    path: '/v1/alerts/alertmanager',
    body: alertmanagerWebhook({ labels: { alertname: 'Errors' } }),
    caller: 'service',
  },
  {
    method: 'post',
    path: '/v1/routing/decisions/1/acknowledge',
    caller: 'user',
  },
  {
    method: 'post',
    path: '/v1/routing/decisions/1/actioned',
    body: { actioned: true },
    caller: 'user',
  },
  {
    method: 'post',
    path: '/v1/postmortems',
    body: { ownerRef: 'group:default/payments', document },
    caller: 'user',
  },
  {
    method: 'put',
    path: '/v1/postmortems/1',
    body: { document },
    caller: 'user',
  },
  { method: 'delete', path: '/v1/postmortems/1', caller: 'user' },
];

describe.each(databases.eachSupportedId())(
  'ownership security on %s',
  databaseId => {
    it('refuses every write without a token, from the wrong caller, or without the permission', async () => {
      const permissions = refusingPermissions('ownership.');
      const backend = await startOwnershipBackend({
        knex: await databases.init(databaseId),
        ownership: {},
        config: { permission: { enabled: true } },
        features: [
          ...permissions.features,
          // As in production, a request without a token has no credentials
          // (the test backend would otherwise take it for a signed-in user).
          oboHttpAuthServiceFactory({
            defaultCredentials: mockCredentials.none(),
          }),
        ],
      });
      try {
        const send = (write: (typeof WRITES)[number], auth?: string) => {
          const req = request(backend.server)[write.method](
            `/api/ownership${write.path}`,
          );
          if (auth) req.set('Authorization', auth);
          return write.body ? req.send(write.body) : req;
        };
        // Postmortem 1 exists, so that its edits reach the permission check.
        const created = await send(WRITES[3], backend.user);
        expect([created.status, created.body.id]).toEqual([201, 1]);
        permissions.refuse(true);
        const refusals = [];
        for (const write of WRITES) {
          const wrongCaller =
            write.caller === 'user'
              ? mockCredentials.service.header()
              : backend.user;
          refusals.push([
            `${write.method.toUpperCase()} ${write.path}`,
            (await send(write)).status,
            (await send(write, wrongCaller)).status,
            // The permission policy refuses users; services bypass it.
            write.caller === 'user'
              ? (await send(write, backend.user)).status
              : 403,
          ]);
        }
        expect(refusals).toEqual(
          WRITES.map(w => [
            `${w.method.toUpperCase()} ${w.path}`,
            401,
            403,
            403,
          ]),
        );
      } finally {
        await backend.stop();
      }
    });

    it('treats SQL and LIKE metacharacters, long values and lists in queries as data', async () => {
      const knex = await databases.init(databaseId);
      const backend = await startOwnershipBackend({ knex, ownership: {} });
      try {
        const get = (path: string) =>
          request(backend.server)
            .get(`/api/ownership${path}`)
            .set('Authorization', backend.user);
        const created = await request(backend.server)
          .post('/api/ownership/v1/postmortems')
          .set('Authorization', backend.user)
          .send({ ownerRef: 'group:default/payments', document });
        expect(created.status).toBe(201);
        const tablesBefore = await tableNames(knex);
        const ownedBy = async (ownerRef: string) =>
          (
            await get(
              `/v1/postmortems?ownerRef=${encodeURIComponent(ownerRef)}`,
            )
          ).body.items?.length;

        expect(await ownedBy('group:default/payments')).toBe(1);
        for (const probe of [
          '%',
          'group:default/pay%',
          'group:default/payment_',
          "group:default/payments' OR '1'='1",
          "x'; DROP TABLE ownership_postmortems; --",
          '\\',
        ]) {
          expect([probe, await ownedBy(probe)]).toEqual([probe, 0]);
        }
        for (const path of [
          `/v1/postmortems?ownerRef=${'g'.repeat(10_000)}`,
          '/v1/postmortems?ownerRef=a&ownerRef=b',
          '/v1/postmortems?ownerRef[a]=b',
          '/v1/routing/decisions?entityRef=a&entityRef=b',
          '/v1/hygiene?ownerRef[0]=a',
          `/v1/postmortems/${'9'.repeat(30)}`,
        ]) {
          const res = await get(path);
          expect([path, res.status]).toEqual([path, 400]);
          expect(res.body.error.message).toMatch(
            /ownerRef|entityRef|groupRef|id/,
          );
        }
        expect(
          (await get('/v1/routing/decisions?entityRef=%25')).body,
        ).toMatchObject({ items: [] });
        // Quotes are not in any entity name: refused by name, not looked up.
        const oncall = await get('/v1/oncall?groupRef=%27%20OR%201%3D1');
        expect(oncall.status).toBe(400);
        expect(oncall.body.error.message).toContain('groupRef:');

        expect(await tableNames(knex)).toEqual(tablesBefore);
        expect(await ownedBy('group:default/payments')).toBe(1);
      } finally {
        await backend.stop();
      }
    });
  },
);
