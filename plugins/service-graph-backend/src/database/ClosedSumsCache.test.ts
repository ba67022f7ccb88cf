import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { BucketAggregator } from '../ingest/BucketAggregator';
import { ClosedSumsCache } from './ClosedSumsCache';
import { applyDatabaseMigrations } from './migrations';
import { deleteExpired } from './operations/deleteExpired';
import { readWindowSums, windowSegments } from './operations/readWindowSums';
import { writeBuckets } from './operations/writeBuckets';
import { RESOLUTION_MS } from './tables';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const MINUTE = RESOLUTION_MS.m;
const HOUR = RESOLUTION_MS.h;
const DAY = RESOLUTION_MS.d;
const THRESHOLDS = [100, 300, 1000];
const OPERATIONS = ['GET /a', 'GET /b', 'POST /c'];
const retention = { minuteMs: 2 * DAY, hourMs: 35 * DAY, dayMs: 400 * DAY };

type Span = {
  operation: string;
  timeUnixMs: number;
  durationMs: number;
  error: boolean;
};

/** Spans of three operations over 100 days, denser in the last two. */
function history(nowMs: number): Span[] {
  const spans: Span[] = [];
  let n = 0;
  for (let t = nowMs - 100 * DAY; t < nowMs; ) {
    n += 1;
    spans.push({
      operation: OPERATIONS[n % 3],
      timeUnixMs: t,
      durationMs: [40, 150, 700, 2500][(n * 7) % 4],
      error: n % 11 === 0,
    });
    t += t < nowMs - 2 * DAY ? 97 * MINUTE : 7 * MINUTE;
  }
  return spans;
}

/** Through the ingest write path: aggregated, then additive upserts. */
async function ingest(knex: Knex, spans: Span[]) {
  const aggregator = BucketAggregator.create({
    latencyThresholdsMs: THRESHOLDS,
  });
  for (const s of spans) {
    aggregator.addOperation({ service: 'checkout', traceId: '', ...s });
  }
  await knex.transaction(tx =>
    writeBuckets(tx, { totals: aggregator.take(), seriesIds: new Map() }),
  );
}

/** What summing every span in each window's effective range gives. */
function model(
  spans: Span[],
  windows: Array<{ fromMs: number; toMs: number }>,
) {
  return windows.map(w =>
    OPERATIONS.map(operation => {
      const mine = spans.filter(
        s =>
          s.operation === operation &&
          s.timeUnixMs >= w.fromMs &&
          s.timeUnixMs < w.toMs,
      );
      return [
        mine.length,
        mine.filter(s => s.error).length,
        ...THRESHOLDS.map(
          (t, j) =>
            mine.filter(
              s =>
                s.durationMs <= t &&
                (j === 0 || s.durationMs > THRESHOLDS[j - 1]),
            ).length,
        ),
      ];
    }),
  );
}

describe.each(databases.eachSupportedId())(
  'ClosedSumsCache on %s',
  databaseId => {
    it('gives the sums of the stored buckets through late writes and expiry', async () => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
      const nowMs = Date.now();
      const spans = history(nowMs);
      await ingest(knex, spans);

      // The windows an SLO evaluation asks for: rolling ones ending now,
      // single days, a past quarter-like stretch.
      const requested = [
        { fromMs: nowMs - 5 * MINUTE, toMs: nowMs },
        { fromMs: nowMs - 6 * HOUR, toMs: nowMs },
        { fromMs: nowMs - DAY, toMs: nowMs },
        { fromMs: nowMs - 3 * DAY, toMs: nowMs },
        { fromMs: nowMs - 30 * DAY, toMs: nowMs },
        { fromMs: nowMs - 28 * DAY, toMs: nowMs },
        ...[1, 2, 10, 20].map(d => ({
          fromMs: Math.floor(nowMs / DAY - d) * DAY,
          toMs: Math.floor(nowMs / DAY - d + 1) * DAY,
        })),
        { fromMs: nowMs - 95 * DAY, toMs: nowMs - 40 * DAY },
      ];
      const segmented = requested.map(w =>
        windowSegments({ ...w, nowMs, retention }),
      );
      const cache = ClosedSumsCache.create();
      const read = async (withCache: boolean) => {
        const { series, stride, windows } = await readWindowSums(knex, {
          kind: 'op',
          thresholdsMs: THRESHOLDS,
          windows: segmented.map(s => s.segments),
          cache: withCache ? cache : undefined,
        });
        return windows.map(({ values }) =>
          OPERATIONS.map(operation => {
            const i = series.findIndex(s => s.target === operation);
            return Array.from(values.slice(i * stride, (i + 1) * stride));
          }),
        );
      };
      const effective = requested.map((w, i) => ({
        fromMs: segmented[i].effectiveFromMs,
        toMs: w.toMs,
      }));

      const expected = model(spans, effective);
      expect(await read(false)).toEqual(expected);
      expect(await read(true)).toEqual(expected);
      // Closed hours and days are kept, and the kept sums are the same.
      expect(cache.size).toBeGreaterThan(50);
      expect(await read(true)).toEqual(expected);

      // A backfill into days long closed: kept sums over them are dropped.
      const late = [10, 50].flatMap(d =>
        OPERATIONS.map((operation, o) => ({
          operation,
          timeUnixMs: Math.floor(nowMs / DAY - d) * DAY + (5 + o) * HOUR,
          durationMs: 90,
          error: true,
        })),
      );
      await ingest(knex, late);
      const withLate = model([...spans, ...late], effective);
      expect(withLate).not.toEqual(expected);
      expect(await read(true)).toEqual(withLate);
      expect(await read(false)).toEqual(withLate);

      // Retention removes days: sums over them are read anew.
      await deleteExpired(knex, {
        retention: { ...retention, dayMs: 60 * DAY },
        nowMs,
      });
      const afterExpiry = await read(false);
      expect(afterExpiry).not.toEqual(withLate);
      expect(await read(true)).toEqual(afterExpiry);
      await knex.destroy();
    });
  },
);
