import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { MIGRATIONS_TABLE, migrationsDir } from './migrations';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const config = { directory: migrationsDir, tableName: MIGRATIONS_TABLE };

const TABLES = [
  'service_graph_series',
  'service_graph_counts',
  'service_graph_latency',
  'service_graph_trace_spans',
  'service_graph_thresholds',
  'service_graph_changes',
];

async function existingTables(knex: Knex): Promise<string[]> {
  const present: string[] = [];
  for (const table of TABLES) {
    if (await knex.schema.hasTable(table)) present.push(table);
  }
  return present;
}

/** One row in every table, read back as stored. */
async function insertAndReadRows(knex: Knex) {
  const [{ id }] = await knex('service_graph_series')
    .insert({
      kind: 'edge',
      source: 'frontend',
      target: 'checkout',
      connection_type: '',
    })
    .returning('id');
  const bucket = {
    resolution: 'm',
    bucket_start: 1_795_000_000_000,
    series_id: id,
  };
  await knex('service_graph_counts').insert({
    ...bucket,
    calls: 3,
    errors: 1,
    duration_sum_ms: 12.5,
  });
  // The zero bucket's index is the smallest a smallint holds.
  await knex('service_graph_latency').insert({
    ...bucket,
    idx: -32768,
    count: 3,
  });
  await knex('service_graph_trace_spans').insert({
    trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
    span_id: '00f067aa0ba902b7',
    parent_span_id: null,
    service: 'checkout',
    name: 'PlaceOrder',
    kind: 2,
    start_ms: 1_795_000_000_000.25,
    end_ms: 1_795_000_000_012.75,
    error: true,
    payload: '{}',
    expires_at: 1_795_000_360_000,
  });

  const one = async (table: string) => {
    const rows = await knex(table).select();
    expect(rows).toHaveLength(1);
    return rows[0];
  };
  return {
    series: await one('service_graph_series'),
    counts: await one('service_graph_counts'),
    latency: await one('service_graph_latency'),
    span: await one('service_graph_trace_spans'),
  };
}

describe('service-graph migrations', () => {
  it.each(databases.eachSupportedId())(
    'migrate up, down and up again on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);

      await knex.migrate.latest(config);
      expect(await existingTables(knex)).toEqual(TABLES);
      expect(await knex.schema.hasTable(MIGRATIONS_TABLE)).toBe(true);
      // The default table name stays free for other plugins' migrations.
      expect(await knex.schema.hasTable('knex_migrations')).toBe(false);

      const rows = await insertAndReadRows(knex);
      expect({
        series: rows.series,
        counts: {
          ...rows.counts,
          bucket_start: Number(rows.counts.bucket_start),
          calls: Number(rows.counts.calls),
          errors: Number(rows.counts.errors),
        },
        latency: {
          ...rows.latency,
          bucket_start: Number(rows.latency.bucket_start),
          count: Number(rows.latency.count),
        },
        span: {
          ...rows.span,
          error: Boolean(rows.span.error),
          expires_at: Number(rows.span.expires_at),
        },
      }).toEqual({
        series: {
          id: rows.series.id,
          kind: 'edge',
          source: 'frontend',
          target: 'checkout',
          connection_type: '',
        },
        counts: {
          resolution: 'm',
          bucket_start: 1_795_000_000_000,
          series_id: rows.series.id,
          calls: 3,
          errors: 1,
          duration_sum_ms: 12.5,
        },
        latency: {
          resolution: 'm',
          bucket_start: 1_795_000_000_000,
          series_id: rows.series.id,
          idx: -32768,
          count: 3,
        },
        span: {
          trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
          span_id: '00f067aa0ba902b7',
          parent_span_id: null,
          service: 'checkout',
          name: 'PlaceOrder',
          kind: 2,
          start_ms: 1_795_000_000_000.25,
          end_ms: 1_795_000_000_012.75,
          error: true,
          payload: '{}',
          expires_at: 1_795_000_360_000,
        },
      });

      await knex.migrate.rollback(config, true);
      expect(await existingTables(knex)).toEqual([]);
      const [{ n }] = await knex(MIGRATIONS_TABLE).count({ n: '*' });
      expect(Number(n)).toBe(0);

      await knex.migrate.latest(config);
      expect(await existingTables(knex)).toEqual(TABLES);
      // Idempotent: a second run applies nothing and changes nothing.
      const [, applied] = await knex.migrate.latest(config);
      expect(applied).toEqual([]);
      expect(await existingTables(knex)).toEqual(TABLES);
      expect((await insertAndReadRows(knex)).series).toMatchObject({
        kind: 'edge',
        source: 'frontend',
      });
    },
  );
});
