import { TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import { fakeOpsgenie, fakePagerDuty } from './__testUtils__/fakeProviders';
import { startOwnershipBackend } from './__testUtils__/startOwnershipBackend';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

// The day after Europe/London moved to summer time (2026-03-29): a weekly
// 09:00 London handoff happened at 08:00 UTC this Monday, not 09:00.
const AT = '2026-03-30T08:30:00.000Z';
const AT_MS = Date.parse(AT);
const HOUR_MS = 3_600_000;

describe.each(databases.eachSupportedId())('on-call on %s', databaseId => {
  it('answers now, next, escalation and health from every provider', async () => {
    const [pd, og] = await Promise.all([
      fakePagerDuty({ atMs: AT_MS }),
      fakeOpsgenie(),
    ]);
    try {
      const { server, user, client } = await startOwnershipBackend({
        knex: await databases.init(databaseId),
        ownership: {
          oncall: {
            pagerduty: { baseUrl: pd.baseUrl, token: 'pd-test-token' },
            opsgenie: { baseUrl: og.baseUrl, apiKey: 'og-test-key' },
          },
        },
      });
      const get = (path: string) =>
        request(server).get(`/api/ownership${path}`).set('Authorization', user);

      // Built-in: spec.oncall, across the change to summer time.
      const builtin = await client.getOnCall({
        groupRef: 'payments',
        at: AT_MS,
      });
      expect(builtin).toEqual({
        groupRef: 'group:default/payments',
        provider: 'builtin',
        atMs: AT_MS,
        schedules: [
          {
            schedule: 'primary',
            current: [{ name: 'ana', userRef: 'user:default/ana' }],
            currentUntilMs: Date.parse('2026-04-06T08:00:00Z'),
            next: [{ name: 'ben', userRef: 'user:default/ben' }],
            nextFromMs: Date.parse('2026-04-06T08:00:00Z'),
          },
          {
            schedule: 'overnight',
            current: [{ name: 'ben', userRef: 'user:default/ben' }],
            // 18:00 in New York, already on summer time (UTC-4).
            currentUntilMs: Date.parse('2026-03-30T22:00:00Z'),
            next: [{ name: 'ben', userRef: 'user:default/ben' }],
            nextFromMs: Date.parse('2026-03-30T22:00:00Z'),
          },
        ],
      });
      // An hour earlier the previous week's person still held the pager.
      const before = await get(
        '/v1/oncall?entityRef=pay-api&at=2026-03-30T07:30:00Z',
      );
      expect(before.body.groupRef).toBe('group:default/payments');
      expect(before.body.schedules[0].current).toEqual([
        { name: 'ben', userRef: 'user:default/ben' },
      ]);

      const builtinPolicy = await get(
        `/v1/oncall/escalation?entityRef=component:default/pay-worker&at=${AT}`,
      );
      expect(builtinPolicy.body).toEqual({
        groupRef: 'group:default/payments',
        provider: 'builtin',
        policy: {
          name: 'payments',
          steps: [
            {
              afterMinutes: 0,
              targets: [
                {
                  type: 'schedule',
                  name: 'primary',
                  onCallNow: [{ name: 'ana', userRef: 'user:default/ana' }],
                },
              ],
            },
            {
              afterMinutes: 15,
              targets: [
                {
                  type: 'schedule',
                  name: 'overnight',
                  onCallNow: [{ name: 'ben', userRef: 'user:default/ben' }],
                },
                {
                  type: 'user',
                  person: { name: 'ana', userRef: 'user:default/ana' },
                },
              ],
            },
            {
              afterMinutes: 30,
              targets: [
                {
                  type: 'team',
                  name: 'group:default/search',
                  ref: 'group:default/search',
                },
              ],
            },
          ],
          repeat: 1,
          repeatAfterMinutes: 20,
        },
      });

      // PagerDuty: the on-call and the next shift, linked to the catalog
      // User by email.
      const search = await get(`/v1/oncall?entityRef=search-api&at=${AT}`);
      expect(search.status).toBe(200);
      expect(search.body).toEqual({
        groupRef: 'group:default/search',
        provider: 'pagerduty',
        atMs: AT_MS,
        schedules: [
          {
            schedule: 'Search primary',
            scheduleId: 'PSEARCH',
            current: [
              {
                name: 'Hana Sato',
                email: 'hana@example.com',
                id: 'PU1',
                userRef: 'user:default/hana',
              },
            ],
            currentUntilMs: AT_MS + 3 * HOUR_MS,
            next: [{ name: 'Omar Haddad', id: 'PU2' }],
            nextFromMs: AT_MS + 3 * HOUR_MS,
          },
        ],
      });
      const oncallsCall = pd.requests.find(r => r.path === '/oncalls')!;
      expect(oncallsCall.query.getAll('schedule_ids[]')).toEqual(['PSEARCH']);
      expect(oncallsCall.query.get('since')).toBe(AT);
      expect(oncallsCall.query.get('limit')).toBe('100');

      const searchPolicy = await get('/v1/oncall/escalation?groupRef=search');
      expect(searchPolicy.body.policy).toEqual({
        name: 'Search',
        id: 'PEP1',
        steps: [
          {
            afterMinutes: 0,
            targets: [
              { type: 'schedule', name: 'Search primary', id: 'PSEARCH' },
            ],
          },
          {
            afterMinutes: 10,
            targets: [
              { type: 'user', person: { name: 'Lena Fischer', id: 'PU3' } },
            ],
          },
        ],
        repeat: 2,
        repeatAfterMinutes: 20,
      });

      // Opsgenie.
      const mobile = await get(
        `/v1/oncall?groupRef=group:default/mobile&at=${AT}`,
      );
      expect(mobile.body).toEqual({
        groupRef: 'group:default/mobile',
        provider: 'opsgenie',
        atMs: AT_MS,
        schedules: [
          {
            schedule: 'mobile_schedule',
            scheduleId: 'OG1',
            current: [
              {
                name: 'kofi@example.com',
                email: 'kofi@example.com',
                id: 'u1',
                userRef: 'user:default/kofi',
              },
            ],
            next: [
              { name: 'mara@example.com', email: 'mara@example.com', id: 'u2' },
            ],
          },
        ],
      });
      const onCalls = og.requests.find(r => r.path.endsWith('/on-calls'))!;
      expect(onCalls.query.get('scheduleIdentifierType')).toBe('id');
      expect(onCalls.query.get('date')).toBe(AT);

      const mobilePolicy = await get(
        '/v1/oncall/escalation?entityRef=app-gateway',
      );
      expect(mobilePolicy.body.policy).toEqual({
        name: 'mobile_escalation',
        id: 'ESC1',
        steps: [
          {
            afterMinutes: 0,
            targets: [{ type: 'schedule', name: 'mobile_schedule', id: 'OG1' }],
          },
          {
            afterMinutes: 15,
            targets: [
              {
                type: 'user',
                person: {
                  name: 'mara@example.com',
                  email: 'mara@example.com',
                  id: 'u2',
                },
              },
            ],
          },
          {
            afterMinutes: 60,
            targets: [{ type: 'team', name: 'platform', id: 't2' }],
          },
        ],
        repeat: 1,
        repeatAfterMinutes: 10,
      });

      // Rotation health across providers; the broken Group is reported,
      // not fatal.
      const health = await get('/v1/oncall/health');
      expect(health.status).toBe(200);
      const rotations = Object.fromEntries(
        health.body.rotations.map((r: any) => [
          `${r.group} ${r.rotation}`,
          {
            people: r.people,
            services: r.services,
            flags: r.flags.map((f: any) => f.rule),
          },
        ]),
      );
      expect(rotations).toEqual({
        'group:default/payments primary': {
          people: ['user:default/ana', 'user:default/ben'],
          services: [
            'component:default/pay-api',
            'component:default/pay-worker',
          ],
          flags: [],
        },
        'group:default/payments overnight': {
          people: ['user:default/ben'],
          services: [
            'component:default/pay-api',
            'component:default/pay-worker',
          ],
          flags: ['single-person'],
        },
        'group:default/search Search primary': {
          people: ['Hana Sato', 'Omar Haddad', 'Lena Fischer'],
          services: ['component:default/search-api'],
          flags: [],
        },
        'group:default/mobile mobile_schedule': {
          people: ['user:default/kofi', 'mara@example.com'],
          services: ['component:default/app-gateway'],
          flags: [],
        },
      });
      expect(health.body.unavailable).toEqual([
        {
          group: 'group:default/broken',
          message: expect.stringContaining(
            'PagerDuty GET /schedules/PDOWN answered 500',
          ),
        },
        {
          group: 'group:default/misconfigured',
          message: expect.stringContaining(
            'spec.oncall.rotations[0].timeZone must be an IANA time zone',
          ),
        },
      ]);
      const oneTeam = await client.getRotationHealth({ groupRef: 'payments' });
      expect(oneTeam.rotations.map(r => r.rotation)).toEqual([
        'primary',
        'overnight',
      ]);

      // A provider failing is a 503 naming it; bad input is a 400 naming the field.
      const down = await get('/v1/oncall?groupRef=broken');
      expect(down.status).toBe(503);
      expect(down.body.error.message).toContain(
        'PagerDuty GET /schedules/PDOWN',
      );
      for (const [path, message] of [
        ['/v1/oncall', 'groupRef: give exactly one of groupRef and entityRef'],
        ['/v1/oncall?groupRef=a&entityRef=b', 'groupRef: give exactly one'],
        [
          '/v1/oncall?groupRef=payments&at=yesterday',
          'at: must be an ISO 8601',
        ],
        ['/v1/oncall/health?team=x', 'team: not a known parameter'],
        ['/v1/oncall/escalation?entityRef=user:ana', 'not owned by a Group'],
        [
          '/v1/oncall?groupRef=misconfigured',
          'spec.oncall.rotations[0].handoff.time must be a 24-hour time written HH:MM',
        ],
        [
          '/v1/config/escalation-policy?groupRef=payments&provider=victorops',
          'provider: Invalid enum value',
        ],
        [
          '/v1/config/escalation-policy?groupRef=misconfigured&provider=opsgenie',
          'spec.oncall.rotations[0].handoff.time must be a 24-hour time written HH:MM',
        ],
      ]) {
        const res = await get(path);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toContain(message);
      }

      // Config generation: the provider's create-policy body from spec.oncall.
      const opsgenieBody = await get(
        '/v1/config/escalation-policy?entityRef=pay-api&provider=opsgenie',
      );
      expect(opsgenieBody.status).toBe(200);
      expect(opsgenieBody.body).toMatchObject({
        groupRef: 'group:default/payments',
        provider: 'opsgenie',
        warnings: [],
        body: { name: 'payments', ownerTeam: { name: 'payments' } },
      });
      expect(
        opsgenieBody.body.body.rules.map(
          (r: { delay: { timeAmount: number }; recipient: object }) => [
            r.delay.timeAmount,
            r.recipient,
          ],
        ),
      ).toEqual([
        [0, { type: 'schedule', name: 'primary' }],
        [15, { type: 'schedule', name: 'overnight' }],
        [15, { type: 'user', username: 'ana' }],
        [30, { type: 'team', name: 'search' }],
      ]);
      const pagerdutyBody = await get(
        '/v1/config/escalation-policy?groupRef=payments&provider=pagerduty',
      );
      // PagerDuty addresses schedules and users by ids only a mapping gives
      // (`steward generate escalation-policy --mapping`): each is named.
      expect(pagerdutyBody.status).toBe(200);
      expect(pagerdutyBody.body.body.escalation_policy).toMatchObject({
        name: 'payments',
        num_loops: 1,
      });
      expect(pagerdutyBody.body.warnings).toContain(
        'steps[0]: rotation primary has no id in the mapping and is left out',
      );

      expect(
        pd.requests.every(r => r.authorization === 'Token token=pd-test-token'),
      ).toBe(true);
      expect(
        og.requests.every(r => r.authorization === 'GenieKey og-test-key'),
      ).toBe(true);
    } finally {
      await Promise.all([pd.close(), og.close()]);
    }
  });
});
