import { Knex } from 'knex';
import { Resolution, SeriesKind, SeriesRow } from '../tables';

/** Summed counters of one series, over the whole range or one bucket. */
export type SeriesSums = {
  series: SeriesRow;
  /** Set when grouped by bucket. */
  bucketStart?: number;
  calls: number;
  errors: number;
  durationSumMs: number;
  /** Histogram rows: bucket index and count. */
  latency: Array<{ idx: number; count: number }>;
};

/**
 * Sums counters and latency histograms of the matching series over
 * [fromMs, toMs) at one resolution, per series or per series and bucket.
 * Sums, never averages: ratios and quantiles are computed from the sums.
 */
export async function readSeries(
  knex: Knex,
  options: {
    kind: SeriesKind;
    resolution: Resolution;
    fromMs: number;
    toMs: number;
    source?: string;
    target?: string;
    perBucket?: boolean;
  },
): Promise<SeriesSums[]> {
  const seriesQuery = knex<SeriesRow>('service_graph_series').where({
    kind: options.kind,
  });
  if (options.source !== undefined)
    seriesQuery.andWhere({ source: options.source });
  if (options.target !== undefined)
    seriesQuery.andWhere({ target: options.target });
  const series = await seriesQuery.select();
  if (series.length === 0) return [];
  const byId = new Map(series.map(s => [s.id, s]));
  const ids = [...byId.keys()];

  const groupCols = options.perBucket
    ? ['series_id', 'bucket_start']
    : ['series_id'];
  const inRange = (q: Knex.QueryBuilder) =>
    q
      .where('resolution', options.resolution)
      .andWhere('bucket_start', '>=', options.fromMs)
      .andWhere('bucket_start', '<', options.toMs)
      .whereIn('series_id', ids);

  const counts = await inRange(knex('service_graph_counts'))
    .select(groupCols)
    .sum({
      calls: 'calls',
      errors: 'errors',
      duration_sum_ms: 'duration_sum_ms',
    })
    .groupBy(groupCols);
  const latency = await inRange(knex('service_graph_latency'))
    .select([...groupCols, 'idx'])
    .sum({ count: 'count' })
    .groupBy([...groupCols, 'idx']);

  const key = (row: { series_id: number; bucket_start?: string | number }) =>
    `${row.series_id}:${row.bucket_start ?? ''}`;
  const sums = new Map<string, SeriesSums>();
  for (const row of counts) {
    sums.set(key(row), {
      series: byId.get(Number(row.series_id))!,
      bucketStart: options.perBucket ? Number(row.bucket_start) : undefined,
      calls: Number(row.calls),
      errors: Number(row.errors),
      durationSumMs: Number(row.duration_sum_ms),
      latency: [],
    });
  }
  for (const row of latency) {
    sums.get(key(row))?.latency.push({
      idx: Number(row.idx),
      count: Number(row.count),
    });
  }
  return [...sums.values()];
}
