import { Knex } from 'knex';
import { ServiceGraphConfig } from '../../config';
import { RESOLUTION_MS, Resolution, SeriesKind, SeriesRow } from '../tables';

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
 * Per-series sums of each window, by the series' position in `series`:
 * `values[i * stride]` calls, `+ 1` errors, `+ 2 + j` calls in the j-th
 * threshold slot (of `thresholdsMs`; cumulate for "at or under").
 * `present[i]` says whether the series has any bucket in the window.
 */
export type WindowSums = { values: Float64Array; present: Uint8Array };

/**
 * Splits every window's segments at the edges of all segments of the same
 * resolution, so that windows that overlap (a 30-day window, its days and
 * the quarter around them; every window ending now) share pieces. Each
 * piece is read once; a window's sums are the sums of its pieces, exact
 * because buckets are additive counters.
 */
export function windowPieces(windows: Segment[][]): {
  pieces: Segment[];
  /** Per window, the indexes of its pieces. */
  byWindow: number[][];
} {
  const edges = new Map<Resolution, number[]>();
  for (const segments of windows) {
    for (const s of segments) {
      const list = edges.get(s.resolution) ?? [];
      list.push(s.fromMs, s.toMs);
      edges.set(s.resolution, list);
    }
  }
  for (const [resolution, list] of edges) {
    edges.set(
      resolution,
      [...new Set(list)].sort((a, b) => a - b),
    );
  }
  const pieces: Segment[] = [];
  const index = new Map<string, number>();
  const byWindow = windows.map(segments => {
    const mine: number[] = [];
    for (const s of segments) {
      const list = edges.get(s.resolution)!;
      // Binary search for the segment's start among the sorted edges.
      let lo = 0;
      let hi = list.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid] < s.fromMs) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i + 1 < list.length && list[i] < s.toMs; i++) {
        const key = `${s.resolution}:${list[i]}`;
        let at = index.get(key);
        if (at === undefined) {
          at = pieces.length;
          pieces.push({
            resolution: s.resolution,
            fromMs: list[i],
            toMs: list[i + 1],
          });
          index.set(key, at);
        }
        mine.push(at);
      }
    }
    return mine;
  });
  return { pieces, byWindow };
}

/**
 * Calls, errors and threshold slot counts of every matching series over
 * each window (given as its segments), reading each distinct piece of the
 * windows once. Exact to the minute inside minute retention.
 */
export async function readWindowSums(
  knex: Knex,
  options: {
    kind: SeriesKind;
    sources?: string[];
    /** The threshold slots to sum, ascending; other slots are left out. */
    thresholdsMs: number[];
    windows: Segment[][];
  },
): Promise<{ series: SeriesRow[]; stride: number; windows: WindowSums[] }> {
  const seriesQuery = knex<SeriesRow>('service_graph_series').where({
    kind: options.kind,
  });
  if (options.sources) seriesQuery.whereIn('source', options.sources);
  const series = await seriesQuery.select();
  const stride = 2 + options.thresholdsMs.length;
  const windows = options.windows.map(() => ({
    values: new Float64Array(series.length * stride),
    present: new Uint8Array(series.length),
  }));
  if (series.length === 0) return { series, stride, windows };
  const position = new Map(series.map((s, i) => [Number(s.id), i]));
  const slot = new Map(options.thresholdsMs.map((t, j) => [t, j]));

  const { pieces, byWindow } = windowPieces(options.windows);
  const users: number[][] = pieces.map(() => []);
  byWindow.forEach((mine, w) => mine.forEach(p => users[p].push(w)));

  for (let p = 0; p < pieces.length; p++) {
    const piece = pieces[p];
    const inPiece = (table: string) =>
      knex(table)
        .where('resolution', piece.resolution)
        .andWhere('bucket_start', '>=', piece.fromMs)
        .andWhere('bucket_start', '<', piece.toMs);
    const counts: Array<{
      series_id: number | string;
      calls: number | string;
      errors: number | string;
    }> = await inPiece('service_graph_counts')
      .select('series_id')
      .sum({ calls: 'calls', errors: 'errors' })
      .groupBy('series_id');
    const slots: Array<{
      series_id: number | string;
      le_ms: number | string;
      count: number | string;
    }> = await inPiece('service_graph_thresholds')
      .select('series_id', 'le_ms')
      .sum({ count: 'count' })
      .groupBy('series_id', 'le_ms');
    for (const w of users[p]) {
      const { values, present } = windows[w];
      for (const row of counts) {
        const i = position.get(Number(row.series_id));
        if (i === undefined) continue;
        present[i] = 1;
        values[i * stride] += Number(row.calls);
        values[i * stride + 1] += Number(row.errors);
      }
      for (const row of slots) {
        const i = position.get(Number(row.series_id));
        const j = slot.get(Number(row.le_ms));
        if (i === undefined) continue;
        present[i] = 1;
        if (j !== undefined) values[i * stride + 2 + j] += Number(row.count);
      }
    }
  }
  return { series, stride, windows };
}
