// Seeds the service-graph tables with the buckets ingest would have written
// for a fleet of operations: minute buckets for the last day, hour buckets
// for 35 days, day buckets for 400 days, each with its calls, errors and
// exact latency threshold slots, in the row shapes of writeBuckets. Rows are
// generated inside the database (INSERT ... SELECT over a counter), which is
// an order of magnitude faster than sending them, in primary key order; the
// tables' secondary indexes and foreign keys are rebuilt after the load, as
// a bulk load would do.
import { Knex } from 'knex';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** `serviceGraph.latencyThresholdsMs` of the benchmark's backend. */
export const THRESHOLDS_MS = [100, 300, 1000];

export const OPERATIONS = [
  'GET /items',
  'GET /items/{id}',
  'POST /orders',
  'consume order-events',
];

/** One operation series: what the seed writes and the SLOs measure. */
export type SeriesSpec = {
  index: number;
  serviceIndex: number;
  service: string;
  operation: string;
  /** Expected calls per minute, times 1000. */
  rateMilli: number;
  /** Error ratio outside incidents, in parts per million. */
  errorPpm: number;
  /** Share of calls at or under each of THRESHOLDS_MS, in ppm. */
  cumulativePpm: [number, number, number];
  slow: boolean;
  /** 20% errors over the last 90 minutes: fast-burn alerts fire. */
  incident: boolean;
  /** 3% errors for a whole day ten days ago: most of a 30-day budget. */
  badDay: boolean;
};

function hash(n: number, salt: number): number {
  let x = Math.imul(n ^ salt, 0x9e3779b1);
  x = Math.imul(x ^ (x >>> 15), 0x85ebca6b);
  return (x ^ (x >>> 13)) >>> 0;
}

export function serviceName(serviceIndex: number): string {
  return `svc-${String(serviceIndex).padStart(4, '0')}`;
}

/**
 * A heavy-tailed fleet, as traffic is: 10% of services are big (200 calls a
 * minute), 30% medium (20), 60% small (2); within a service the four
 * operations take 50%, 30%, 15% and 5% of its calls. So 4 in 10 of the
 * series have a call in every minute and the rarest see a few an hour.
 */
export function fleet(services: number): SeriesSpec[] {
  const series: SeriesSpec[] = [];
  for (let s = 0; s < services; s++) {
    const size = hash(s, 1) % 100;
    const perMinute = callsPerMinute(size);
    OPERATIONS.forEach((operation, o) => {
      const index = s * OPERATIONS.length + o;
      const slow = hash(index, 2) % 5 === 0;
      series.push({
        index,
        serviceIndex: s,
        service: serviceName(s),
        operation,
        rateMilli: perMinute * [500, 300, 150, 50][o],
        errorPpm: 50 + (hash(index, 3) % 700),
        cumulativePpm: slow
          ? [700_000, 960_000, 995_000]
          : [950_000, 993_000, 998_000],
        slow,
        incident: index % 97 === 0,
        badDay: index % 41 === 0,
      });
    });
  }
  return series;
}

type Dialect = 'sqlite' | 'pg';

const BULK_TABLES = ['service_graph_counts', 'service_graph_thresholds'];

/** Statements that drop, then re-create, the bulk tables' indexes and keys. */
async function indexStatements(
  tx: Knex.Transaction,
  dialect: Dialect,
): Promise<{ drop: string[]; create: string[] }> {
  if (dialect === 'sqlite') {
    // The primary keys are the tables' own autoindexes; rows go in in key
    // order, so only the secondary indexes are worth deferring.
    const rows: Array<{ name: string; sql: string }> = await tx.raw(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${BULK_TABLES.map(
        () => '?',
      ).join(', ')})`,
      BULK_TABLES,
    );
    return {
      drop: rows.map(r => `DROP INDEX "${r.name}"`),
      create: rows.map(r => r.sql),
    };
  }
  const constraints: {
    rows: Array<{ tbl: string; name: string; def: string }>;
  } = await tx.raw(
    `SELECT c.conrelid::regclass::text AS tbl, c.conname AS name,
            pg_get_constraintdef(c.oid) AS def
       FROM pg_constraint c
      WHERE c.conrelid::regclass::text = ANY(?) AND c.contype = 'f'`,
    [BULK_TABLES],
  );
  const indexes: { rows: Array<{ name: string; def: string }> } = await tx.raw(
    `SELECT indexname AS name, indexdef AS def FROM pg_indexes
      WHERE schemaname = current_schema() AND tablename = ANY(?)
        AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype = 'p')`,
    [BULK_TABLES],
  );
  // Primary keys stay: rows go in in key order, and on two busy cores
  // building a 45M-row key afterwards took far longer than keeping it.
  const foreign = constraints.rows;
  return {
    drop: [
      ...foreign.map(c => `ALTER TABLE ${c.tbl} DROP CONSTRAINT "${c.name}"`),
      ...indexes.rows.map(i => `DROP INDEX "${i.name}"`),
    ],
    create: [
      ...indexes.rows.map(i => i.def),
      ...foreign.map(
        c => `ALTER TABLE ${c.tbl} ADD CONSTRAINT "${c.name}" ${c.def}`,
      ),
    ],
  };
}

/** A counter 0..n-1 as the CTE `k(i)`. */
function counter(dialect: Dialect, n: number): string {
  return dialect === 'sqlite'
    ? `WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < ${
        n - 1
      })`
    : `WITH k(i) AS (SELECT generate_series(0, ${n - 1}))`;
}

/**
 * The counts rows of one resolution: `n` buckets of `width` ms ending with
 * the one that holds `nowMs` (partial, so scaled by the time elapsed).
 * Calls vary ±50% around the series' rate; a series slower than a call per
 * bucket has a row in that share of buckets, as ingest would write.
 */
function countsInsert(options: {
  dialect: Dialect;
  resolution: 'm' | 'h' | 'd';
  width: number;
  n: number;
  nowMs: number;
}): string {
  const { dialect, resolution, width, n, nowMs } = options;
  const last = Math.floor(nowMs / width) * width;
  const first = last - (n - 1) * width;
  const incidentFrom = Math.floor(nowMs / MINUTE) * MINUTE - 90 * MINUTE;
  const badFrom = Math.floor(nowMs / DAY) * DAY - 10 * DAY;
  // 64-bit arithmetic on PostgreSQL too, whose counter is a 32-bit integer.
  const i = 'CAST(k.i AS BIGINT)';
  const b = `(${first} + ${i} * ${width})`;
  const dur = `(CASE WHEN k.i = ${n - 1} THEN ${
    nowMs - last + 1
  } ELSE ${width} END)`;
  // Milli-calls expected in the bucket, then ±50% and stochastic rounding.
  const expected = `(p.rate * ${dur} / ${MINUTE})`;
  const h1 = `((p.id * 2654435761 + ${i} * 40503 + 17) % 1000)`;
  const h2 = `((p.id * 2246822519 + ${i} * 3266489917 + 29) % 1000)`;
  const h3 = `((p.id * 3266489917 + ${i} * 668265263 + 31) % 1000000)`;
  const calls = `((${expected} * (500 + ${h1}) / 1000 + ${h2}) / 1000)`;
  const overlap = `(CASE WHEN ${b} >= ${incidentFrom} THEN ${dur} WHEN ${b} + ${dur} > ${incidentFrom} THEN ${b} + ${dur} - ${incidentFrom} ELSE 0 END)`;
  const errorPpm = `(CASE
      WHEN p.bad_day = 1 AND ${b} >= ${badFrom} AND ${b} < ${
    badFrom + DAY
  } THEN 30000
      WHEN p.incident = 1 THEN (p.err_ppm * (${dur} - ${overlap}) + 200000 * ${overlap}) / ${dur}
      ELSE p.err_ppm END)`;
  return `${counter(dialect, n)}
    INSERT INTO service_graph_counts (resolution, bucket_start, series_id, calls, errors, duration_sum_ms)
    SELECT '${resolution}', bucket_start, series_id, calls, (calls * error_ppm + h3) / 1000000, calls * dur_ms
      FROM (SELECT ${b} AS bucket_start, p.id AS series_id, ${calls} AS calls,
                   ${errorPpm} AS error_ppm, ${h3} AS h3, p.dur_ms AS dur_ms
              FROM k CROSS JOIN bench_params p) x
     WHERE calls > 0`;
}

/**
 * Threshold slot rows of every counts row: the calls at or under each
 * threshold and above the one before, from the series' latency profile,
 * rounded alike for all slots of a bucket so that they never exceed calls.
 */
function thresholdsInsert(): string {
  const slots = THRESHOLDS_MS.map(
    (le, i) => `SELECT ${le} AS le, ${i} AS slot`,
  ).join(' UNION ALL ');
  const cumulative = (expr: string) =>
    `(c.calls * ${expr} + ((c.series_id * 2654435761 + c.bucket_start / 60000 * 40503) % 1000000)) / 1000000`;
  const cum = 'CASE t.slot WHEN 0 THEN p.c0 WHEN 1 THEN p.c1 ELSE p.c2 END';
  const prev = 'CASE t.slot WHEN 0 THEN 0 WHEN 1 THEN p.c0 ELSE p.c1 END';
  return `INSERT INTO service_graph_thresholds (resolution, bucket_start, series_id, le_ms, count)
    SELECT resolution, bucket_start, series_id, le, n FROM (
      SELECT c.resolution, c.bucket_start, c.series_id, t.le,
             ${cumulative(cum)} - ${cumulative(prev)} AS n
        FROM service_graph_counts c
       CROSS JOIN bench_params p
       CROSS JOIN (${slots}) t
       WHERE p.id = c.series_id) x
     WHERE n > 0`;
}

export type SeedResult = {
  seconds: number;
  /** Seconds per step. */
  steps: Record<string, number>;
  rows: Record<string, number>;
  megabytes?: number;
};

/**
 * Writes the fleet's series and buckets. `nowMs` is the moment the data
 * ends; evaluate at it.
 */
export async function seed(
  knex: Knex,
  options: { dialect: Dialect; series: SeriesSpec[]; nowMs: number },
): Promise<SeedResult> {
  const { dialect, series, nowMs } = options;
  const started = performance.now();
  const steps: Record<string, number> = {};
  let mark = started;
  const step = (name: string) => {
    const now = performance.now();
    steps[name] = (now - mark) / 1000;
    mark = now;
  };
  if (dialect === 'sqlite') {
    await knex.raw('PRAGMA synchronous = OFF');
    await knex.raw('PRAGMA cache_size = -1048576');
  }
  await knex.transaction(async tx => {
    if (dialect === 'pg') {
      // The index build sorts in memory, without workers fighting for cores.
      await tx.raw("SET LOCAL maintenance_work_mem = '1GB'");
      await tx.raw('SET LOCAL max_parallel_maintenance_workers = 0');
    }
    const rows = series.map(s => ({
      kind: 'op',
      source: s.service,
      target: s.operation,
      connection_type: '',
    }));
    for (let i = 0; i < rows.length; i += 500) {
      await tx('service_graph_series').insert(rows.slice(i, i + 500));
    }
    const ids = new Map<string, number>();
    const stored: Array<{ id: number; source: string; target: string }> =
      await tx('service_graph_series')
        .where({ kind: 'op' })
        .select('id', 'source', 'target');
    for (const r of stored) ids.set(`${r.source}\u0000${r.target}`, r.id);

    await tx.raw(`CREATE TEMPORARY TABLE bench_params (
      id integer PRIMARY KEY, rate bigint, err_ppm bigint, c0 bigint, c1 bigint,
      c2 bigint, dur_ms integer, incident integer, bad_day integer)`);
    const params = series.map(s => ({
      id: ids.get(`${s.service}\u0000${s.operation}`)!,
      rate: s.rateMilli,
      err_ppm: s.errorPpm,
      c0: s.cumulativePpm[0],
      c1: s.cumulativePpm[1],
      c2: s.cumulativePpm[2],
      dur_ms: s.slow ? 180 : 35,
      incident: s.incident ? 1 : 0,
      bad_day: s.badDay ? 1 : 0,
    }));
    params.sort((a, b) => a.id - b.id);
    for (let i = 0; i < params.length; i += 500) {
      await tx('bench_params').insert(params.slice(i, i + 500));
    }

    const indexes = await indexStatements(tx, dialect);
    for (const statement of indexes.drop) await tx.raw(statement);
    step('series');
    // Day, hour, minute: the primary keys' order, so SQLite appends.
    await tx.raw(
      countsInsert({ dialect, resolution: 'd', width: DAY, n: 400, nowMs }),
    );
    await tx.raw(
      countsInsert({
        dialect,
        resolution: 'h',
        width: HOUR,
        n: 35 * 24,
        nowMs,
      }),
    );
    await tx.raw(
      countsInsert({
        dialect,
        resolution: 'm',
        width: MINUTE,
        n: 24 * 60,
        nowMs,
      }),
    );
    step('counts');
    await tx.raw(thresholdsInsert());
    step('thresholds');
    for (const statement of indexes.create) await tx.raw(statement);
    await tx.raw('DROP TABLE bench_params');
    step('indexes');
  });
  step('commit');
  if (dialect === 'pg') {
    // What autovacuum does after a load: the planner needs the statistics.
    await knex.raw(
      'ANALYZE service_graph_series, service_graph_counts, service_graph_thresholds',
    );
    step('analyze');
  }
  const seconds = (performance.now() - started) / 1000;

  const rowsByKind: Record<string, number> = {};
  for (const table of BULK_TABLES) {
    const counted: Array<{ resolution: string; n: number | string }> =
      await knex(table)
        .select('resolution')
        .count({ n: '*' })
        .groupBy('resolution');
    for (const r of counted) {
      rowsByKind[`${table.replace('service_graph_', '')} ${r.resolution}`] =
        Number(r.n);
    }
  }
  return { seconds, steps, rows: rowsByKind };
}

/** A tenth of the services are busy, a third moderate, the rest quiet. */
function callsPerMinute(size: number): number {
  if (size < 10) return 200;
  if (size < 40) return 20;
  return 2;
}
