import { Knex } from 'knex';
import { BucketTotals } from '../../ingest/BucketAggregator';
import { CountsRow, LatencyRow, ThresholdRow } from '../tables';
import { lateHours, recordChanges } from './changes';
import { upsertRows } from './upsertRows';
import { ensureSeries, seriesCacheKey } from './ensureSeries';

function compareBuckets(
  a: Pick<CountsRow, 'resolution' | 'bucket_start' | 'series_id'>,
  b: Pick<CountsRow, 'resolution' | 'bucket_start' | 'series_id'>,
): number {
  if (a.resolution !== b.resolution)
    return a.resolution < b.resolution ? -1 : 1;
  return (
    Number(a.bucket_start) - Number(b.bucket_start) || a.series_id - b.series_id
  );
}

/**
 * Adds bucket totals to the stored counters and histograms. Every write is an
 * additive upsert (`x = x + excluded.x`), so concurrent writers sum exactly.
 */
export async function writeBuckets(
  tx: Knex.Transaction,
  options: { totals: BucketTotals[]; seriesIds: Map<string, number> },
): Promise<void> {
  const { totals, seriesIds } = options;
  if (totals.length === 0) return;
  await ensureSeries(tx, {
    series: totals.map(t => t.series),
    cache: seriesIds,
  });
  // Before the buckets, in the same transaction: readers keeping sums of
  // closed periods learn of late writes to them.
  const nowMs = Date.now();
  await recordChanges(tx, { periods: lateHours(totals, nowMs), nowMs });

  const counts: CountsRow[] = [];
  const latency: LatencyRow[] = [];
  const thresholds: ThresholdRow[] = [];
  for (const t of totals) {
    const seriesId = seriesIds.get(seriesCacheKey(t.series))!;
    counts.push({
      resolution: t.resolution,
      bucket_start: t.bucketStart,
      series_id: seriesId,
      calls: t.calls,
      errors: t.errors,
      duration_sum_ms: t.durationSumMs,
    });
    for (const [idx, count] of t.latency) {
      latency.push({
        resolution: t.resolution,
        bucket_start: t.bucketStart,
        series_id: seriesId,
        idx,
        count,
      });
    }
    for (const [leMs, count] of t.thresholds) {
      thresholds.push({
        resolution: t.resolution,
        bucket_start: t.bucketStart,
        series_id: seriesId,
        le_ms: leMs,
        count,
      });
    }
  }

  // One lock order for every writer: replicas upserting the same buckets in
  // different orders deadlock on PostgreSQL.
  counts.sort(compareBuckets);
  latency.sort((a, b) => compareBuckets(a, b) || a.idx - b.idx);
  thresholds.sort((a, b) => compareBuckets(a, b) || a.le_ms - b.le_ms);
  await upsertRows(tx, {
    table: 'service_graph_counts',
    conflict: ['resolution', 'bucket_start', 'series_id'],
    add: ['calls', 'errors', 'duration_sum_ms'],
    rows: counts,
  });
  await upsertRows(tx, {
    table: 'service_graph_latency',
    conflict: ['resolution', 'bucket_start', 'series_id', 'idx'],
    add: ['count'],
    rows: latency,
  });
  await upsertRows(tx, {
    table: 'service_graph_thresholds',
    conflict: ['resolution', 'bucket_start', 'series_id', 'le_ms'],
    add: ['count'],
    rows: thresholds,
  });
}
