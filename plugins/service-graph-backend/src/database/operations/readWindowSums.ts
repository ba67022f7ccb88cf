import { createHash } from 'node:crypto';
import { Knex } from 'knex';
import { ServiceGraphConfig } from '../../config';
import { ClosedSumsCache, PieceSums } from '../ClosedSumsCache';
import { RESOLUTION_MS, Resolution, SeriesKind, SeriesRow } from '../tables';

type Segment = { resolution: Resolution; fromMs: number; toMs: number };

/** At most this many series ids filter threshold slot rows in the query. */
const MAX_SLOT_SERIES = 5000;

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
 * Minute and hour segments as single buckets. Windows ending now move
 * every minute; as single buckets, what they cover was mostly read before
 * and is kept once closed, where ranges that move would be read anew.
 */
function singleBuckets(segments: Segment[]): Segment[] {
  return segments.flatMap(s => {
    if (s.resolution === 'd') return [s];
    const width = RESOLUTION_MS[s.resolution];
    const buckets: Segment[] = [];
    for (let from = s.fromMs; from < s.toMs; from += width) {
      buckets.push({
        resolution: s.resolution,
        fromMs: from,
        toMs: from + width,
      });
    }
    return buckets;
  });
}

/** The sums of one piece for every series, straight from the buckets. */
async function readPiece(
  knex: Knex,
  options: {
    piece: Segment;
    /** Whose threshold slots to sum; every series' when undefined. */
    slotIds?: number[];
    thresholdsMs: number[];
  },
): Promise<PieceSums> {
  const { piece, slotIds } = options;
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
  const slotQuery = inPiece('service_graph_thresholds');
  if (slotIds) slotQuery.whereIn('series_id', slotIds);
  const slots: Array<{
    series_id: number | string;
    le_ms: number | string;
    count: number | string;
  }> =
    slotIds?.length === 0
      ? []
      : await slotQuery
          .select('series_id', 'le_ms')
          .sum({ count: 'count' })
          .groupBy('series_id', 'le_ms');
  // Slots no longer configured are left out.
  const slotIndex = new Map(options.thresholdsMs.map((t, j) => [t, j]));
  const counted = slots.filter(r => slotIndex.has(Number(r.le_ms)));
  return {
    countIds: Int32Array.from(counts, r => Number(r.series_id)),
    calls: Float64Array.from(counts, r => Number(r.calls)),
    errors: Float64Array.from(counts, r => Number(r.errors)),
    slotIds: Int32Array.from(counted, r => Number(r.series_id)),
    slotIndex: Int16Array.from(counted, r => slotIndex.get(Number(r.le_ms))!),
    slotCounts: Float64Array.from(counted, r => Number(r.count)),
  };
}

/**
 * Calls, errors and threshold slot counts of every matching series over
 * each window (given as its segments), reading each distinct piece of the
 * windows once, and closed pieces from `cache` when it holds them. Exact
 * to the minute inside minute retention.
 */
export async function readWindowSums(
  knex: Knex,
  options: {
    kind: SeriesKind;
    sources?: string[];
    /** The threshold slots to sum, ascending; other slots are left out. */
    thresholdsMs: number[];
    /**
     * Which series' threshold slots to sum (by series); all by default.
     * Availability SLIs need none, and slot rows are most of the rows.
     */
    slotsOf?: (series: SeriesRow) => boolean;
    windows: Segment[][];
    /** Keeps the sums of closed pieces from one call to the next. */
    cache?: ClosedSumsCache;
  },
): Promise<{ series: SeriesRow[]; stride: number; windows: WindowSums[] }> {
  const { cache } = options;
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
  // Series ids are small integers: an array maps them fastest.
  const position = new Int32Array(
    series.reduce((max, s) => Math.max(max, Number(s.id)), 0) + 1,
  ).fill(-1);
  series.forEach((s, i) => {
    position[Number(s.id)] = i;
  });
  const at = (id: number) => (id < position.length ? position[id] : -1);
  const wantedSlots = options.slotsOf
    ? series.filter(options.slotsOf).map(s => Number(s.id))
    : undefined;
  // A short list filters in the database; a long one is not worth its
  // parameters (and SQLite caps them), and reading every series' slots
  // costs little more.
  const slotIds =
    wantedSlots !== undefined &&
    wantedSlots.length <= MAX_SLOT_SERIES &&
    wantedSlots.length < series.length / 2
      ? wantedSlots.sort((a, b) => a - b)
      : undefined;
  const slotKey = createHash('sha1')
    .update(`${options.thresholdsMs.join(',')}|${slotIds?.join(',') ?? 'all'}`)
    .digest('base64');

  const nowMs = Date.now();
  await cache?.refresh(knex, nowMs);
  const { pieces, byWindow } = windowPieces(options.windows.map(singleBuckets));
  const users: number[][] = pieces.map(() => []);
  byWindow.forEach((mine, w) => mine.forEach(p => users[p].push(w)));

  for (let p = 0; p < pieces.length; p++) {
    const piece = pieces[p];
    const kept = cache?.keeps(piece, nowMs);
    const key = `${piece.resolution}:${piece.fromMs}:${piece.toMs}:${slotKey}`;
    let sums = kept ? cache!.get(key, nowMs) : undefined;
    if (!sums) {
      const readAtMs = Date.now();
      sums = await readPiece(knex, {
        piece,
        slotIds,
        thresholdsMs: options.thresholdsMs,
      });
      if (kept) {
        cache!.set(key, {
          fromMs: piece.fromMs,
          toMs: piece.toMs,
          readAtMs,
          sums,
        });
      }
    }
    const countAt = sums.countIds.map(at);
    const slotAt = sums.slotIds.map(at);
    for (const w of users[p]) {
      const { values, present } = windows[w];
      for (let k = 0; k < countAt.length; k++) {
        const i = countAt[k];
        if (i < 0) continue;
        present[i] = 1;
        values[i * stride] += sums.calls[k];
        values[i * stride + 1] += sums.errors[k];
      }
      for (let k = 0; k < slotAt.length; k++) {
        const i = slotAt[k];
        if (i < 0) continue;
        present[i] = 1;
        values[i * stride + 2 + sums.slotIndex[k]] += sums.slotCounts[k];
      }
    }
  }
  return { series, stride, windows };
}
