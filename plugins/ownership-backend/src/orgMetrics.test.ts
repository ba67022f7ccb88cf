import { TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import { startOwnershipBackend } from './__testUtils__/startOwnershipBackend';
import { insertOrgSnapshot } from './database/insertOrgSnapshot';
import { readOrgSnapshot } from './database/readOrgSnapshot';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const DAY_MS = 86_400_000;

describe.each(databases.eachSupportedId())(
  'org metrics over time on %s',
  databaseId => {
    it('serves past moments from the recorded snapshots, not from the catalog now', async () => {
      const knex = await databases.init(databaseId);
      const { server, scheduler, user } = await startOwnershipBackend({
        knex,
        ownership: {},
      });
      const startMs = Date.now();

      // A week ago the org was smaller: pay-api and legacy, both owned by
      // payments, which had no on-call yet.
      const weekAgoMs = startMs - 7 * DAY_MS - 3 * 3_600_000;
      await insertOrgSnapshot({
        knex,
        state: {
          atMs: weekAgoMs,
          components: [
            {
              ref: 'component:default/pay-api',
              owner: 'group:default/payments',
              docs: { complete: true, fresh: true },
            },
            {
              ref: 'component:default/legacy',
              owner: 'group:default/payments',
              docs: { complete: false, fresh: false },
            },
          ],
          groups: [
            { ref: 'group:default/payments', hasOnCall: false },
            { ref: 'group:default/search', hasOnCall: false },
          ],
          withSlo: ['component:default/pay-api'],
          tracesSeen: ['component:default/pay-api', 'component:default/legacy'],
        },
      });
      // Older than ownership.metrics.historyDays (800): pruned by the task.
      await insertOrgSnapshot({
        knex,
        state: {
          atMs: startMs - 900 * DAY_MS,
          components: [
            {
              ref: 'component:default/pay-api',
              docs: { complete: false, fresh: false },
            },
          ],
          groups: [],
        },
      });

      // The scheduled task records the state now: the catalog's, with no
      // SLO plugin or service graph to ask in this backend.
      await scheduler.triggerTask('ownership-org-snapshot');
      const recorded = await readOrgSnapshot({
        knex,
        atMs: Date.now(),
        maxAgeMs: Date.now() - startMs,
      });
      expect(recorded).toEqual({
        atMs: expect.any(Number),
        components: [
          {
            ref: 'component:default/app-gateway',
            owner: 'group:default/mobile',
            docs: { complete: false, fresh: false },
          },
          {
            ref: 'component:default/legacy',
            owner: 'group:default/ghost-team',
            docs: { complete: false, fresh: false },
          },
          {
            ref: 'component:default/pay-api',
            owner: 'group:default/payments',
            docs: { complete: true, fresh: true },
          },
          {
            ref: 'component:default/pay-worker',
            owner: 'group:default/payments',
            docs: { complete: false, fresh: false },
          },
          {
            ref: 'component:default/search-api',
            owner: 'group:default/search',
            docs: { complete: false, fresh: false },
          },
        ],
        // On-call in spec.oncall, PagerDuty or Opsgenie; misconfigured's
        // spec.oncall is invalid.
        groups: [
          { ref: 'group:default/broken', hasOnCall: true },
          { ref: 'group:default/misconfigured', hasOnCall: false },
          { ref: 'group:default/mobile', hasOnCall: true },
          { ref: 'group:default/payments', hasOnCall: true },
          { ref: 'group:default/search', hasOnCall: true },
        ],
        withSlo: undefined,
        tracesSeen: undefined,
      });
      const ancient = await readOrgSnapshot({
        knex,
        atMs: startMs - 900 * DAY_MS,
        maxAgeMs: DAY_MS,
      });
      expect(ancient).toBeUndefined();

      const res = await request(server)
        .get('/api/ownership/v1/metrics/org?points=3&stepWeeks=1')
        .set('Authorization', user);
      expect(res.status).toBe(200);
      const [twoWeeksAgo, weekAgo, now] = res.body.series;

      // No snapshot before two weeks ago: no shares, and said so.
      expect(twoWeeksAgo.stateAtMs).toBeUndefined();
      expect(twoWeeksAgo.org.shares).toEqual({});
      expect(twoWeeksAgo.unownedComponents).toEqual([]);
      expect(res.body.problems).toContain(
        "No snapshot of the Components' state (the task ownership-org-snapshot) was taken shortly before 1 of the 3 moments: their shares are left out.",
      );

      // A week ago: the snapshot's state, whatever the catalog says now.
      expect(weekAgo.stateAtMs).toBe(weekAgoMs);
      expect(weekAgo.org).toMatchObject({
        components: 2,
        shares: {
          withOwner: 1,
          completeDocs: 0.5,
          freshDocs: 0.5,
          withSlo: 0.5,
          tracesSeen: 1,
          withOnCall: 0,
        },
      });
      expect(weekAgo.teams.map((t: any) => [t.group, t.components])).toEqual([
        ['group:default/payments', 2],
        ['group:default/search', 0],
      ]);

      // Now: the catalog's state; SLOs and traces not known here.
      expect(now.stateAtMs).toBeGreaterThanOrEqual(startMs);
      expect(now.org).toMatchObject({ components: 5 });
      expect(now.org.shares).toEqual({
        withOwner: 0.8,
        completeDocs: 0.2,
        freshDocs: 0.2,
        withOnCall: 0.8,
      });
      expect(now.unownedComponents).toEqual(['component:default/legacy']);
      expect(res.body.problems.join(' ')).toContain('SLOs');
    });
  },
);
