/**
 * A mergeable, log-bucketed latency histogram (the DDSketch mapping without
 * bucket collapsing): every quantile it reports is within
 * `LATENCY_RELATIVE_ACCURACY` of the true value of the observation at that
 * rank, and two histograms merge by adding counts per bucket. That makes it
 * safe to sum across minutes, replicas and services, where averaging
 * percentiles would be wrong.
 *
 * Bucket i holds the values in (gamma^(i-1), gamma^i]. The range from 1 µs to
 * a year takes fewer than 800 buckets, so no collapsing is needed to bound
 * memory: a histogram is at most that many Map entries.
 */

/** @public */
export const LATENCY_RELATIVE_ACCURACY = 0.02;

/**
 * Values at or below this (in milliseconds), including zero, negative values
 * from clock skew and NaN, share one bucket whose value is 0: their
 * logarithm would be unbounded.
 *
 * @public
 */
export const LATENCY_MIN_MS = 1e-3;

/**
 * The index of the bucket for values at or below `LATENCY_MIN_MS`. It sorts
 * below every real index (the smallest is -172), so ordering by index is
 * ordering by value, and it stays inside a SQL `smallint`.
 *
 * @public
 */
export const LATENCY_ZERO_BUCKET_INDEX = -32768;

const GAMMA = (1 + LATENCY_RELATIVE_ACCURACY) / (1 - LATENCY_RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
// A multiplication is cheaper than a division on the ingest path.
const INV_LOG_GAMMA = 1 / LOG_GAMMA;
// Infinity has no logarithm bucket; the largest finite double's bucket holds it.
const MAX_INDEX = Math.ceil(Math.log(Number.MAX_VALUE) * INV_LOG_GAMMA);

/**
 * Sparse bucket index → count. A Map with small-integer keys is the fastest
 * structure to increment in V8 (plain objects turn negative keys into string
 * properties), and iterating it yields the `{ idx, count }` rows directly.
 *
 * @public
 */
export type LatencyHistogram = Map<number, number>;

/**
 * One bucket as stored in SQL. Writers upsert with `count = count + excluded.count`
 * so that concurrent writers and replicas add up exactly.
 *
 * @public
 */
export type LatencyHistogramRow = { idx: number; count: number };

/** @public */
export function createLatencyHistogram(): LatencyHistogram {
  return new Map();
}

/**
 * The bucket a latency falls into.
 *
 * @public
 */
export function latencyBucketIndex(valueMs: number): number {
  // The positive comparison also sends NaN to the zero bucket.
  if (valueMs > LATENCY_MIN_MS) {
    if (valueMs === Infinity) {
      return MAX_INDEX;
    }
    return Math.ceil(Math.log(valueMs) * INV_LOG_GAMMA);
  }
  return LATENCY_ZERO_BUCKET_INDEX;
}

/**
 * The value reported for a bucket: `2 gamma^i / (gamma + 1)` sits at equal
 * relative distance `(gamma - 1) / (gamma + 1)` = the accuracy from both
 * bucket bounds, which is what makes the error bound hold.
 *
 * @public
 */
export function latencyBucketValue(index: number): number {
  if (index === LATENCY_ZERO_BUCKET_INDEX) {
    return 0;
  }
  return (2 * Math.exp(index * LOG_GAMMA)) / (GAMMA + 1);
}

/**
 * Records `count` observations of `valueMs`. Counts are whole numbers;
 * non-positive counts are ignored.
 *
 * @public
 */
export function addLatency(
  histogram: LatencyHistogram,
  valueMs: number,
  count: number = 1,
): void {
  if (!(count > 0)) {
    return;
  }
  const index = latencyBucketIndex(valueMs);
  histogram.set(index, (histogram.get(index) ?? 0) + count);
}

/**
 * Adds every bucket of `from` into `into` and returns `into`.
 *
 * @public
 */
export function mergeHistograms(
  into: LatencyHistogram,
  from: LatencyHistogram,
): LatencyHistogram {
  for (const [index, count] of from) {
    into.set(index, (into.get(index) ?? 0) + count);
  }
  return into;
}

/** @public */
export function histogramCount(histogram: LatencyHistogram): number {
  let total = 0;
  for (const count of histogram.values()) {
    total += count;
  }
  return total;
}

function ascending(a: number, b: number): number {
  return a - b;
}

function sortedIndexes(histogram: LatencyHistogram): number[] {
  return Array.from(histogram.keys()).sort(ascending);
}

/**
 * The nearest-rank rank (1-based) of quantile `q` among `total` observations.
 * The tiny shrink keeps products such as 0.07 × 100 = 7.000000000000001 on
 * the rank they mean.
 */
function nearestRank(q: number, total: number): number {
  return Math.max(1, Math.ceil(q * total * (1 - 1e-12)));
}

/**
 * The nearest-rank quantile: the value of the bucket holding the observation
 * of rank ceil(q × count). It is within `LATENCY_RELATIVE_ACCURACY` of that
 * observation's true value (0 for observations at or below
 * `LATENCY_MIN_MS`). `undefined` when the histogram is empty.
 *
 * @public
 */
export function histogramQuantile(
  histogram: LatencyHistogram,
  q: number,
): number | undefined {
  if (!(q >= 0 && q <= 1)) {
    throw new RangeError(`Quantile must be in [0, 1], got ${q}`);
  }
  const total = histogramCount(histogram);
  if (total === 0) {
    return undefined;
  }
  const rank = nearestRank(q, total);
  let seen = 0;
  const indexes = sortedIndexes(histogram);
  for (const index of indexes) {
    seen += histogram.get(index)!;
    if (seen >= rank) {
      return latencyBucketValue(index);
    }
  }
  return latencyBucketValue(indexes[indexes.length - 1]);
}

/**
 * Approximately how many observations are at most `thresholdMs`: those whose
 * bucket value is. A histogram can't be exact here, since a bucket straddles
 * the threshold; the answer is bounded by
 *
 *   #\{v ≤ T / (1 + a)\} ≤ result ≤ #\{v ≤ T / (1 − a)\}     (a = 0.02)
 *
 * so only observations within ±2% of the threshold can be misclassified, and
 * the answer agrees with `histogramQuantile` (q-quantile ≤ T exactly when at
 * least ceil(q × count) observations are counted here). Latency SLIs use an
 * exact threshold count kept at ingest; this is for display and what-if
 * thresholds.
 *
 * @public
 */
export function histogramCountAtOrBelow(
  histogram: LatencyHistogram,
  thresholdMs: number,
): number {
  let total = 0;
  for (const [index, count] of histogram) {
    if (latencyBucketValue(index) <= thresholdMs) {
      total += count;
    }
  }
  return total;
}

/**
 * Builds a histogram from stored rows. Rows with the same index add up, so
 * the rows of several minutes or replicas can be passed at once.
 *
 * @public
 */
export function histogramFromRows(
  rows: Iterable<LatencyHistogramRow>,
): LatencyHistogram {
  const histogram: LatencyHistogram = new Map();
  for (const row of rows) {
    if (row.count > 0) {
      histogram.set(row.idx, (histogram.get(row.idx) ?? 0) + row.count);
    }
  }
  return histogram;
}

/**
 * The histogram as rows ordered by index, ready for an additive upsert.
 *
 * @public
 */
export function histogramToRows(
  histogram: LatencyHistogram,
): LatencyHistogramRow[] {
  const rows: LatencyHistogramRow[] = [];
  for (const index of sortedIndexes(histogram)) {
    const count = histogram.get(index)!;
    if (count > 0) {
      rows.push({ idx: index, count });
    }
  }
  return rows;
}
