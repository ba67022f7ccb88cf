import { Knex } from 'knex';
import { ServiceGraphConfig } from '../../config';
import { RESOLUTION_MS, Resolution, SeriesKind, SeriesRow } from '../tables';

/** Sums of one series over one window. */
export type WindowSums = {
  seriesId: number;
  calls: number;
  errors: number;
  /** Threshold slot (ms) → calls in that slot; cumulate for "≤ T". */
  thresholdSlots: Map<number, number>;
};

type Segment = { resolution: Resolution; fromMs: number; toMs: number };

const floorTo = (ms: number, r: Resolution) =>
  Math.floor(ms / RESOLUTION_MS[r]) * RESOLUTION_MS[r];
const ceilTo = (ms: number, r: Resolution) =>
  Math.ceil(ms / RESOLUTION_MS[r]) * RESOLUTION_MS[r];

/**
 * Covers [fromMs, toMs) with as few buckets as possible: whole days in the
 * middle, hours around them, minutes at the ends. Where the finer buckets
 * at the start are past retention, the window starts earlier, at the
 * boundary of the coarser bucket; `effectiveFromMs` says where.
 */
export function windowSegments(options: {
  fromMs: number;
  toMs: number;
  nowMs: number;
  retention: ServiceGraphConfig['retention'];
}): { segments: Segment[]; effectiveFromMs: number } {
  const { nowMs, retention } = options;
  let fromMs = floorTo(options.fromMs, 'm');
  const toMs = ceilTo(options.toMs, 'm');
  if (fromMs < nowMs - retention.minuteMs) fromMs = floorTo(fromMs, 'h');
  if (fromMs < nowMs - retention.hourMs) fromMs = floorTo(fromMs, 'd');

  const segments: Segment[] = [];
  const push = (resolution: Resolution, from: number, to: number) => {
    if (from < to) segments.push({ resolution, fromMs: from, toMs: to });
  };
  const hours = (from: number, to: number) => {
    const hStart = ceilTo(from, 'h');
    const hEnd = floorTo(to, 'h');
    if (hStart < hEnd) {
      push('m', from, hStart);
      push('h', hStart, hEnd);
      push('m', hEnd, to);
    } else {
      push('m', from, to);
    }
  };
  const dStart = ceilTo(fromMs, 'd');
  const dEnd = floorTo(toMs, 'd');
  if (dStart < dEnd) {
    hours(fromMs, dStart);
    push('d', dStart, dEnd);
    hours(dEnd, toMs);
  } else {
    hours(fromMs, toMs);
  }
  return { segments, effectiveFromMs: fromMs };
}

/**
 * Calls, errors and threshold counts of every matching series over one
 * window, summed across the window's segments. Exact to the minute inside
 * minute retention.
 */
export async function readWindowSums(
  knex: Knex,
  options: {
    kind: SeriesKind;
    sources?: string[];
    segments: Segment[];
  },
): Promise<{ series: SeriesRow[]; sums: Map<number, WindowSums> }> {
  const seriesQuery = knex<SeriesRow>('service_graph_series').where({
    kind: options.kind,
  });
  if (options.sources) seriesQuery.whereIn('source', options.sources);
  const series = await seriesQuery.select();
  const sums = new Map<number, WindowSums>();
  if (series.length === 0) return { series, sums };
  const ids = new Set(series.map(s => s.id));

  const entry = (seriesId: number) => {
    let sum = sums.get(seriesId);
    if (!sum) {
      sum = { seriesId, calls: 0, errors: 0, thresholdSlots: new Map() };
      sums.set(seriesId, sum);
    }
    return sum;
  };

  for (const segment of options.segments) {
    const inSegment = (table: string) =>
      knex(table)
        .where('resolution', segment.resolution)
        .andWhere('bucket_start', '>=', segment.fromMs)
        .andWhere('bucket_start', '<', segment.toMs);
    const counts: Array<{
      series_id: number | string;
      calls: number | string;
      errors: number | string;
    }> = await inSegment('service_graph_counts')
      .select('series_id')
      .sum({ calls: 'calls', errors: 'errors' })
      .groupBy('series_id');
    for (const row of counts) {
      const id = Number(row.series_id);
      if (!ids.has(id)) continue;
      const sum = entry(id);
      sum.calls += Number(row.calls);
      sum.errors += Number(row.errors);
    }
    const slots: Array<{
      series_id: number | string;
      le_ms: number | string;
      count: number | string;
    }> = await inSegment('service_graph_thresholds')
      .select('series_id', 'le_ms')
      .sum({ count: 'count' })
      .groupBy('series_id', 'le_ms');
    for (const row of slots) {
      const id = Number(row.series_id);
      if (!ids.has(id)) continue;
      const slotMap = entry(id).thresholdSlots;
      const le = Number(row.le_ms);
      slotMap.set(le, (slotMap.get(le) ?? 0) + Number(row.count));
    }
  }
  return { series, sums };
}
