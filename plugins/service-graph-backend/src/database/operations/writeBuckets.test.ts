import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import {
  ConnectionType,
  latencyBucketIndex,
  LATENCY_ZERO_BUCKET_INDEX,
  SpanKind,
  SpanRecord,
} from '@steward/plugin-service-graph-common';
import { Knex } from 'knex';
import { BucketAggregator } from '../../ingest/BucketAggregator';
import { applyDatabaseMigrations } from '../migrations';
import { RESOLUTION_MS, Resolution, SeriesKind } from '../tables';
import { deleteExpired } from './deleteExpired';
import { readSeries } from './readSeries';
import { writeBuckets } from './writeBuckets';
import { writeTraceSpans } from './writeTraceSpans';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const MINUTE = RESOLUTION_MS.m;
const HOUR = RESOLUTION_MS.h;
const DAY = RESOLUTION_MS.d;
/** On a day boundary, so that every retention edge is a bucket boundary. */
const NOW = Date.UTC(2026, 10, 21);
const RESOLUTIONS: Resolution[] = ['m', 'h', 'd'];
const KINDS: SeriesKind[] = ['edge', 'op'];

type Observation = {
  kind: SeriesKind;
  source: string;
  target: string;
  connectionType: string;
  timeUnixMs: number;
  durationMs: number;
  error: boolean;
};

/** A series or series-and-bucket as compared: histogram rows sorted. */
type Sums = {
  series: string;
  bucketStart?: number;
  calls: number;
  errors: number;
  durationSumMs: number;
  latency: Array<[idx: number, count: number]>;
};

const SERIES: Array<
  Pick<Observation, 'kind' | 'source' | 'target' | 'connectionType'>
> = [
  { kind: 'edge', source: 'frontend', target: 'checkout', connectionType: '' },
  {
    kind: 'edge',
    source: 'checkout',
    target: 'orders-db',
    connectionType: 'database',
  },
  {
    kind: 'edge',
    source: 'checkout',
    target: 'orders',
    connectionType: 'messaging_system',
  },
  {
    kind: 'edge',
    source: 'user',
    target: 'frontend',
    connectionType: 'virtual_node',
  },
  { kind: 'op', source: 'checkout', target: 'PlaceOrder', connectionType: '' },
  {
    kind: 'op',
    source: 'frontend',
    target: 'GET /checkout',
    connectionType: '',
  },
];

/**
 * Multiples of 0.25 ms, so that sums are exact in any order; zero goes to
 * the zero bucket, the rest spread over many histogram buckets.
 */
const DURATIONS = [0, 0.5, 1.25, 3, 12.5, 40, 250.75, 1999.5, 60_000];

/** A seeded generator (mulberry32), so that every run writes the same data. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}

function observations(options: {
  count: number;
  seed: number;
  fromMs: number;
  spreadMs: number;
}): Observation[] {
  const next = random(options.seed);
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)];
  return Array.from({ length: options.count }, () => ({
    ...pick(SERIES),
    timeUnixMs: options.fromMs + Math.floor(next() * options.spreadMs),
    durationMs: pick(DURATIONS),
    error: next() < 0.2,
  }));
}

const seriesLabel = (s: {
  kind: string;
  source: string;
  target: string;
  connection_type: string;
}) => `${s.kind} ${s.source} > ${s.target} [${s.connection_type}]`;

const bySeriesAndBucket = (a: Sums, b: Sums) =>
  a.series.localeCompare(b.series) ||
  (a.bucketStart ?? 0) - (b.bucketStart ?? 0);

/** What the store should answer, summed here without the aggregator. */
function expectedSums(
  items: Observation[],
  options: {
    resolution: Resolution;
    fromMs: number;
    toMs: number;
    perBucket: boolean;
  },
): Sums[] {
  const width = RESOLUTION_MS[options.resolution];
  const sums = new Map<string, Sums & { histogram: Map<number, number> }>();
  for (const o of items) {
    const bucketStart = Math.floor(o.timeUnixMs / width) * width;
    if (bucketStart < options.fromMs || bucketStart >= options.toMs) continue;
    const series = seriesLabel({ ...o, connection_type: o.connectionType });
    const key = options.perBucket ? `${series}@${bucketStart}` : series;
    let s = sums.get(key);
    if (!s) {
      s = {
        series,
        ...(options.perBucket ? { bucketStart } : {}),
        calls: 0,
        errors: 0,
        durationSumMs: 0,
        latency: [],
        histogram: new Map(),
      };
      sums.set(key, s);
    }
    s.calls += 1;
    s.errors += o.error ? 1 : 0;
    s.durationSumMs += o.durationMs;
    const idx = latencyBucketIndex(o.durationMs);
    s.histogram.set(idx, (s.histogram.get(idx) ?? 0) + 1);
  }
  return [...sums.values()]
    .map(({ histogram, ...s }) => ({
      ...s,
      latency: [...histogram].sort(([a], [b]) => a - b),
    }))
    .sort(bySeriesAndBucket);
}

/** What the store answers through `readSeries`, for every kind. */
async function readSums(
  knex: Knex,
  options: {
    resolution: Resolution;
    fromMs: number;
    toMs: number;
    perBucket: boolean;
    kinds?: SeriesKind[];
    source?: string;
    target?: string;
  },
): Promise<Sums[]> {
  const { kinds = KINDS, ...query } = options;
  const result: Sums[] = [];
  for (const kind of kinds) {
    for (const s of await readSeries(knex, { ...query, kind })) {
      result.push({
        series: seriesLabel(s.series),
        ...(options.perBucket ? { bucketStart: s.bucketStart } : {}),
        calls: s.calls,
        errors: s.errors,
        durationSumMs: s.durationSumMs,
        latency: s.latency
          .map(({ idx, count }): [number, number] => [idx, count])
          .sort(([a], [b]) => a - b),
      });
    }
  }
  return result.sort(bySeriesAndBucket);
}

/** One flush of one replica: its own aggregator, its own series id cache. */
async function flush(
  knex: Knex,
  items: Observation[],
  seriesIds: Map<string, number> = new Map(),
): Promise<void> {
  const aggregator = BucketAggregator.create({
    latencyThresholdsMs: [100, 500],
  });
  for (const { kind, source, target, connectionType, ...point } of items) {
    if (kind === 'edge') {
      aggregator.addEdge({
        client: source,
        server: target,
        connectionType: connectionType as ConnectionType,
        traceId: '',
        ...point,
      });
    } else {
      aggregator.addOperation({
        service: source,
        operation: target,
        traceId: '',
        ...point,
      });
    }
  }
  await knex.transaction(tx =>
    writeBuckets(tx, { totals: aggregator.take(), seriesIds }),
  );
}

async function migratedDatabase(databaseId: TestDatabaseId): Promise<Knex> {
  const knex = await databases.init(databaseId);
  await applyDatabaseMigrations(knex);
  return knex;
}

/** Every resolution, every bucket, and the whole range agree with `items`. */
async function expectStoreToHold(
  knex: Knex,
  items: Observation[],
  range: { fromMs: number; toMs: number },
) {
  for (const resolution of RESOLUTIONS) {
    for (const perBucket of [true, false]) {
      const options = { ...range, resolution, perBucket };
      expect({ ...options, sums: await readSums(knex, options) }).toEqual({
        ...options,
        sums: expectedSums(items, options),
      });
    }
  }
}

/** Whole days around the observations, so every resolution covers them all. */
function daysAround(items: Observation[]) {
  const times = items.map(o => o.timeUnixMs);
  return {
    fromMs: Math.floor(Math.min(...times) / DAY) * DAY,
    toMs: Math.floor(Math.max(...times) / DAY) * DAY + DAY,
  };
}

const totalCalls = (sums: Sums[]) => sums.reduce((n, s) => n + s.calls, 0);

describe.each(databases.eachSupportedId())(
  'bucket storage on %s',
  databaseId => {
    it('sums two replicas writing overlapping series and buckets', async () => {
      const knex = await migratedDatabase(databaseId);
      const window = { fromMs: NOW - 2 * HOUR, spreadMs: 90 * MINUTE };
      const replicaA = observations({ count: 600, seed: 1, ...window });
      const replicaB = observations({ count: 400, seed: 2, ...window });
      const idsA = new Map<string, number>();
      const idsB = new Map<string, number>();

      // Interleaved flushes, each replica with its own cache of series ids.
      await flush(knex, replicaA.slice(0, 300), idsA);
      await flush(knex, replicaB.slice(0, 200), idsB);
      await flush(knex, replicaA.slice(300), idsA);
      await flush(knex, replicaB.slice(200), idsB);

      const all = [...replicaA, ...replicaB];
      const range = daysAround(all);
      await expectStoreToHold(knex, all, range);
      const totals = await readSums(knex, {
        ...range,
        resolution: 'd',
        perBucket: false,
      });
      expect(totals).toHaveLength(SERIES.length);
      expect(totalCalls(totals)).toBe(1000);
      // Both replicas resolved every series to the same row.
      expect(idsA.size).toBe(SERIES.length);
      expect(new Map([...idsB].sort())).toEqual(new Map([...idsA].sort()));
    });

    it('sums concurrent writers exactly, whatever order their rows come in', async () => {
      const knex = await migratedDatabase(databaseId);
      const writers = [1, 2, 3, 4].map(seed => ({
        ids: new Map<string, number>(),
        items: observations({
          count: 500,
          seed,
          fromMs: NOW - HOUR,
          spreadMs: 30 * MINUTE,
        }),
      }));
      const rounds = 3;
      const batch = (items: Observation[], round: number, writer: number) => {
        const part = items.filter((_, i) => i % rounds === round);
        // Odd writers add series and buckets in the opposite order.
        return writer % 2 ? part.reverse() : part;
      };
      for (let round = 0; round < rounds; round++) {
        const writes = writers.map(
          (w, i) => () => flush(knex, batch(w.items, round, i), w.ids),
        );
        if (databaseId === 'POSTGRES_15') {
          await Promise.all(writes.map(write => write()));
        } else {
          for (const write of writes) await write();
        }
      }

      const all = writers.flatMap(w => w.items);
      await expectStoreToHold(knex, all, daysAround(all));
      const totals = await readSums(knex, {
        ...daysAround(all),
        resolution: 'h',
        perBucket: false,
      });
      expect(totalCalls(totals)).toBe(2000);
    });

    it.each([
      {
        name: 'backfills observations from twenty days ago at every resolution',
        items: observations({
          count: 300,
          seed: 3,
          fromMs: NOW - 20 * DAY + 3 * HOUR,
          spreadMs: 4 * HOUR,
        }),
      },
      {
        name: 'rolls minutes up into hours and days across day boundaries',
        items: observations({
          count: 800,
          seed: 4,
          fromMs: NOW - 3 * DAY - 5 * HOUR,
          spreadMs: 3 * DAY,
        }),
      },
    ])('$name', async ({ items }) => {
      const knex = await migratedDatabase(databaseId);
      await flush(knex, items);

      const range = daysAround(items);
      await expectStoreToHold(knex, items, range);
      const totals = await Promise.all(
        RESOLUTIONS.map(resolution =>
          readSums(knex, { ...range, resolution, perBucket: false }),
        ),
      );
      expect(totalCalls(totals[0])).toBe(items.length);
      expect(totals[1]).toEqual(totals[0]);
      expect(totals[2]).toEqual(totals[0]);
    });

    it('answers one entry per series and bucket when grouped by bucket', async () => {
      const knex = await migratedDatabase(databaseId);
      const T = NOW - HOUR;
      const edge = SERIES[0];
      const op = SERIES[4];
      const at = (
        series: typeof edge,
        offsetMs: number,
        durationMs: number,
        error = false,
      ): Observation => ({
        ...series,
        timeUnixMs: T + offsetMs,
        durationMs,
        error,
      });
      await flush(knex, [
        at(edge, 0, 10, true),
        at(edge, 59_999, 30),
        at(edge, MINUTE, 0),
        at(edge, 5 * MINUTE + 1, 10),
        at(edge, 5 * MINUTE + 2, 10, true),
        at(edge, 5 * MINUTE + 3, 10),
        at(op, MINUTE + 30_000, 2.5, true),
      ]);
      const edgeLabel = 'edge frontend > checkout []';
      const opLabel = 'op checkout > PlaceOrder []';
      const i10 = latencyBucketIndex(10);
      const i30 = latencyBucketIndex(30);
      const i2 = latencyBucketIndex(2.5);
      const range = { fromMs: T, toMs: T + HOUR };

      expect(
        await readSums(knex, { ...range, resolution: 'm', perBucket: true }),
      ).toEqual([
        {
          series: edgeLabel,
          bucketStart: T,
          calls: 2,
          errors: 1,
          durationSumMs: 40,
          latency: [
            [i10, 1],
            [i30, 1],
          ],
        },
        {
          series: edgeLabel,
          bucketStart: T + MINUTE,
          calls: 1,
          errors: 0,
          durationSumMs: 0,
          latency: [[LATENCY_ZERO_BUCKET_INDEX, 1]],
        },
        {
          series: edgeLabel,
          bucketStart: T + 5 * MINUTE,
          calls: 3,
          errors: 1,
          durationSumMs: 30,
          latency: [[i10, 3]],
        },
        {
          series: opLabel,
          bucketStart: T + MINUTE,
          calls: 1,
          errors: 1,
          durationSumMs: 2.5,
          latency: [[i2, 1]],
        },
      ]);
      const edgeTotals = {
        calls: 6,
        errors: 2,
        durationSumMs: 70,
        latency: [
          [LATENCY_ZERO_BUCKET_INDEX, 1],
          [i10, 4],
          [i30, 1],
        ],
      };
      const opTotals = {
        calls: 1,
        errors: 1,
        durationSumMs: 2.5,
        latency: [[i2, 1]],
      };
      expect(
        await readSums(knex, { ...range, resolution: 'h', perBucket: true }),
      ).toEqual([
        { series: edgeLabel, bucketStart: T, ...edgeTotals },
        { series: opLabel, bucketStart: T, ...opTotals },
      ]);
      expect(
        await readSums(knex, { ...range, resolution: 'm', perBucket: false }),
      ).toEqual([
        { series: edgeLabel, ...edgeTotals },
        { series: opLabel, ...opTotals },
      ]);
      // The range covers bucket starts in [from, to) and the filters narrow the series.
      expect(
        await readSums(knex, {
          fromMs: T + MINUTE,
          toMs: T + 5 * MINUTE,
          resolution: 'm',
          perBucket: true,
          kinds: ['edge'],
          source: 'frontend',
          target: 'checkout',
        }),
      ).toEqual([
        {
          series: edgeLabel,
          bucketStart: T + MINUTE,
          calls: 1,
          errors: 0,
          durationSumMs: 0,
          latency: [[LATENCY_ZERO_BUCKET_INDEX, 1]],
        },
      ]);
      expect(
        await readSeries(knex, {
          kind: 'edge',
          resolution: 'm',
          ...range,
          source: 'nobody',
        }),
      ).toEqual([]);
    });

    it('deletes buckets past each resolution’s retention and expired trace spans', async () => {
      const knex = await migratedDatabase(databaseId);
      const retention = {
        minuteMs: 2 * DAY,
        hourMs: 35 * DAY,
        dayMs: 400 * DAY,
      };
      // One series per age, named by it; each in its own bucket at every resolution.
      const ages: Array<{ name: string; ageMs: number; kept: Resolution[] }> = [
        { name: '1d', ageMs: DAY, kept: ['m', 'h', 'd'] },
        { name: '2d', ageMs: 2 * DAY, kept: ['m', 'h', 'd'] },
        { name: '2d+1m', ageMs: 2 * DAY + MINUTE, kept: ['h', 'd'] },
        { name: '35d', ageMs: 35 * DAY, kept: ['h', 'd'] },
        { name: '35d+1m', ageMs: 35 * DAY + MINUTE, kept: ['d'] },
        { name: '400d', ageMs: 400 * DAY, kept: ['d'] },
        { name: '400d+1m', ageMs: 400 * DAY + MINUTE, kept: [] },
      ];
      await flush(
        knex,
        ages.map(age => ({
          kind: 'op',
          source: 'checkout',
          target: age.name,
          connectionType: '',
          timeUnixMs: NOW - age.ageMs,
          durationMs: 5,
          error: false,
        })),
      );
      const span = (spanId: string): SpanRecord => ({
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        spanId,
        service: 'checkout',
        name: 'PlaceOrder',
        kind: SpanKind.SERVER,
        startUnixMs: NOW - HOUR,
        endUnixMs: NOW - HOUR + 5,
        error: true,
        attributes: {},
        resource: {},
        links: [],
        events: [],
      });
      await knex.transaction(async tx => {
        await writeTraceSpans(tx, {
          spans: [span('0000000000000001'), span('0000000000000002')],
          expiresAt: NOW - 1,
        });
        await writeTraceSpans(tx, {
          spans: [span('0000000000000003')],
          expiresAt: NOW,
        });
        await writeTraceSpans(tx, {
          spans: [span('0000000000000004')],
          expiresAt: NOW + HOUR,
        });
      });

      // Deleted: m 5, h 3, d 1.
      expect(await deleteExpired(knex, { retention, nowMs: NOW })).toEqual({
        buckets: 9,
        traceSpans: 2,
      });

      for (const resolution of RESOLUTIONS) {
        const kept = await readSums(knex, {
          resolution,
          fromMs: 0,
          toMs: NOW + DAY,
          perBucket: false,
        });
        expect({ resolution, kept: kept.map(s => s.series).sort() }).toEqual({
          resolution,
          kept: ages
            .filter(age => age.kept.includes(resolution))
            .map(age => `op checkout > ${age.name} []`)
            .sort(),
        });
      }
      // Histograms go with their counters.
      const orphans = await knex('service_graph_latency as l')
        .leftJoin('service_graph_counts as c', function joinBucket() {
          this.on('c.resolution', 'l.resolution')
            .andOn('c.bucket_start', 'l.bucket_start')
            .andOn('c.series_id', 'l.series_id');
        })
        .whereNull('c.series_id')
        .count({ n: '*' });
      expect(Number(orphans[0].n)).toBe(0);
      const spans = await knex('service_graph_trace_spans')
        .orderBy('span_id')
        .pluck('span_id');
      expect(spans).toEqual(['0000000000000003', '0000000000000004']);

      // Nothing more to delete.
      expect(await deleteExpired(knex, { retention, nowMs: NOW })).toEqual({
        buckets: 0,
        traceSpans: 0,
      });
    });
  },
);
