import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import { startOwnershipBackend } from './__testUtils__/startOwnershipBackend';

jest.setTimeout(180_000);

const DAY_MS = 86_400_000;
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())('docs audit on %s', databaseId => {
  it('audits entities and teams, stores scheduled runs and serves the trend', async () => {
    const knex = await databases.init(databaseId);
    const { server, scheduler, user, client } = await startOwnershipBackend({
      knex,
      // A long review age keeps the fixture's 2026-11-01 review fresh.
      ownership: { docs: { maxReviewAgeDays: 3650, historyDays: 30 } },
    });
    const get = (path: string, auth = user) =>
      request(server).get(`/api/ownership${path}`).set('Authorization', auth);

    const complete = await get('/v1/docs/audit?entityRef=pay-api');
    expect(complete.status).toBe(200);
    expect(complete.body).toMatchObject({
      entityRef: 'component:default/pay-api',
      ownerRef: 'group:default/payments',
      score: 100,
      findings: [],
    });
    expect(complete.body.previous).toBeUndefined();

    const worker = await get(
      '/v1/docs/audit?entityRef=component:default/pay-worker',
    );
    expect(worker.body.score).toBe(45);
    expect(worker.body.findings.map((f: any) => f.rule)).toEqual([
      'missing-link',
      'missing-link',
      'missing-link',
      'no-review-date',
    ]);
    expect(worker.body.findings[0].fix).toContain('metadata.links');

    const legacy = await get('/v1/docs/audit?entityRef=legacy');
    expect(legacy.body.score).toBe(0);
    expect(legacy.body.findings[0]).toMatchObject({ rule: 'unknown-owner' });

    // Through the client the frontend uses.
    const team = await client.getTeamDocsAudit({ groupRef: 'payments' });
    expect(team).toMatchObject({
      groupRef: 'group:default/payments',
      score: 72.5,
    });
    expect(team.entities.map(e => [e.entityRef, e.score])).toEqual([
      ['component:default/pay-worker', 45],
      ['component:default/pay-api', 100],
    ]);

    // Bad input: 400 naming the field; no token: 401; a service: 403.
    const bad = async (path: string, field: string, rule: string) => {
      const res = await get(path);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(`${field}: ${rule}`);
    };
    await bad('/v1/docs/audit', 'entityRef', 'is required');
    await bad('/v1/docs/audit?entityRef=', 'entityRef', 'must not be empty');
    await bad('/v1/docs/audit?entityRef=x&extra=1', 'extra', 'not a known');
    await bad('/v1/docs/audit/history?days=0', 'days', 'must be at least 1');
    await bad(
      '/v1/docs/audit/history?entityRef=a&groupRef=b',
      'entityRef',
      'give entityRef or groupRef, not both',
    );
    await bad(
      '/v1/docs/audit?entityRef=group:payments',
      'entityRef',
      'must name a Component',
    );
    expect((await get('/v1/docs/audit?entityRef=nope')).status).toBe(404);
    expect(
      (await get('/v1/docs/audit?entityRef=x', mockCredentials.none.header()))
        .status,
    ).toBe(401);
    expect(
      (
        await get(
          '/v1/docs/audit?entityRef=pay-api',
          mockCredentials.service.header(),
        )
      ).status,
    ).toBe(403);

    // An earlier run, when pay-worker had no runbook either, and one older
    // than the 30 days of history kept.
    const now = Date.now();
    await knex('ownership_docs_audits').insert([
      {
        audited_at: now - 7 * DAY_MS,
        entity_ref: 'component:default/pay-worker',
        owner_ref: 'group:default/payments',
        score: 35,
        findings: '[]',
      },
      {
        audited_at: now - 7 * DAY_MS,
        entity_ref: 'component:default/pay-api',
        owner_ref: 'group:default/payments',
        score: 90,
        findings: '[]',
      },
      {
        audited_at: now - 40 * DAY_MS,
        entity_ref: 'component:default/pay-worker',
        owner_ref: 'group:default/payments',
        score: 10,
        findings: '[]',
      },
    ]);
    await scheduler.triggerTask('ownership-docs-audit');
    await expect(
      knex('ownership_docs_audits').count({ n: '*' }),
    ).resolves.toEqual([{ n: databaseId === 'POSTGRES_15' ? '7' : 7 }]);

    const entityTrend = await get(
      '/v1/docs/audit/history?entityRef=pay-worker&days=60',
    );
    expect(entityTrend.status).toBe(200);
    expect(
      entityTrend.body.points.map((p: any) => [p.score, p.entities]),
    ).toEqual([
      [35, 1],
      [45, 1],
    ]);

    const teamTrend = await client.getDocsAuditHistory({
      groupRef: 'payments',
    });
    expect(teamTrend.points.map(p => p.score)).toEqual([62.5, 72.5]);

    const orgTrend = await get('/v1/docs/audit/history');
    const latest = orgTrend.body.points[orgTrend.body.points.length - 1];
    // (100 + 45 + 35 + 20 + 0) / 5
    expect(latest).toMatchObject({ score: 40, entities: 5 });

    const again = await get('/v1/docs/audit?entityRef=pay-worker');
    expect(again.body.previous).toMatchObject({ score: 45 });
  });
});
