import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { SpanKind, SpanRecord } from '@steward/plugin-service-graph-common';
import { readServiceGraphConfig } from '../config';
import { applyDatabaseMigrations } from '../database/migrations';
import { IngestPipeline } from './IngestPipeline';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const START_MS = Date.UTC(2026, 10, 21, 12);

/** A root SERVER span: one operation and one edge from the virtual client. */
function rootSpan(n: number): SpanRecord {
  return {
    traceId: n.toString(16).padStart(32, '0'),
    spanId: n.toString(16).padStart(16, '0'),
    service: 'checkout',
    name: 'GET /cart',
    kind: SpanKind.SERVER,
    startUnixMs: START_MS + n,
    endUnixMs: START_MS + n + 5,
    error: false,
    attributes: {},
    resource: { 'service.name': 'checkout' },
    links: [],
    events: [],
  };
}

describe('IngestPipeline', () => {
  it.each(databases.eachSupportedId())(
    'answers requests accepted within one commit interval with one commit, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
      const pipeline = IngestPipeline.create({
        knex,
        config: readServiceGraphConfig(
          new ConfigReader({
            serviceGraph: { ingest: { commitIntervalMs: 50 } },
          }),
        ),
        logger: mockServices.logger.mock(),
      });

      // Three requests back to back, as concurrent exports arrive.
      await Promise.all([
        pipeline.accept([rootSpan(1), rootSpan(2)], 0),
        pipeline.accept([rootSpan(3)], 0),
        pipeline.accept([rootSpan(4)], 0),
      ]);
      expect(pipeline.getStats()).toMatchObject({
        spansAccepted: 4,
        spansQueued: 0,
        commits: 1,
      });
      const minute = await knex('service_graph_counts')
        .join(
          'service_graph_series',
          'service_graph_series.id',
          'service_graph_counts.series_id',
        )
        .where({ resolution: 'm' })
        .select('kind', 'source', 'target', 'calls')
        .orderBy('kind');
      expect(minute.map(row => ({ ...row, calls: Number(row.calls) }))).toEqual(
        [
          { kind: 'edge', source: 'user', target: 'checkout', calls: 4 },
          { kind: 'op', source: 'checkout', target: 'GET /cart', calls: 4 },
        ],
      );

      // A later request waits for a commit of its own.
      await pipeline.accept([rootSpan(5)], 0);
      expect(pipeline.getStats().commits).toBe(2);
      await pipeline.stop();
    },
  );
});
