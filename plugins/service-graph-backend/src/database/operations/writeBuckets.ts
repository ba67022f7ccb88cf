import { Knex } from 'knex';
import { BucketTotals } from '../../ingest/BucketAggregator';
import { CountsRow, LatencyRow } from '../tables';
import { chunks, ensureSeries, seriesCacheKey } from './ensureSeries';

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
  await ensureSeries(tx, { series: totals.map(t => t.series), cache: seriesIds });

  const counts: CountsRow[] = [];
  const latency: LatencyRow[] = [];
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
  }

  for (const chunk of chunks(counts, 500)) {
    await tx('service_graph_counts')
      .insert(chunk)
      .onConflict(['resolution', 'bucket_start', 'series_id'])
      .merge({
        calls: tx.raw('service_graph_counts.calls + excluded.calls'),
        errors: tx.raw('service_graph_counts.errors + excluded.errors'),
        duration_sum_ms: tx.raw(
          'service_graph_counts.duration_sum_ms + excluded.duration_sum_ms',
        ),
      });
  }
  for (const chunk of chunks(latency, 800)) {
    await tx('service_graph_latency')
      .insert(chunk)
      .onConflict(['resolution', 'bucket_start', 'series_id', 'idx'])
      .merge({ count: tx.raw('service_graph_latency.count + excluded.count') });
  }
}
