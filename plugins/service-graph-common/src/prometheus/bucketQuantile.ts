/** One cumulative bucket of a Prometheus histogram. @public */
export type PrometheusBucket = { le: number; count: number };

/**
 * The q-quantile of a cumulative histogram as PromQL's
 * `histogram_quantile` computes it: linear interpolation inside the bucket
 * holding rank q × count, 0 as the lowest bucket's lower bound, and the
 * highest finite bound when the rank falls in the `+Inf` bucket. Counts
 * that decrease with `le` (from `increase()` extrapolating each bucket
 * separately) are raised to the running maximum first, as PromQL does.
 * `undefined` without a `+Inf` bucket or without observations.
 *
 * @public
 */
export function bucketQuantile(
  buckets: PrometheusBucket[],
  q: number,
): number | undefined {
  if (!(q >= 0 && q <= 1)) {
    throw new RangeError(`Quantile must be in [0, 1], got ${q}`);
  }
  // Equal bounds (the same `le` written two ways) add up.
  const merged = new Map<number, number>();
  for (const b of buckets) merged.set(b.le, (merged.get(b.le) ?? 0) + b.count);
  const sorted = [...merged]
    .map(([le, count]) => ({ le, count }))
    .sort((a, b) => a.le - b.le);
  if (sorted.length < 2 || sorted[sorted.length - 1].le !== Infinity) {
    return undefined;
  }
  let max = 0;
  for (const b of sorted) {
    max = Math.max(max, b.count);
    b.count = max;
  }
  const observations = sorted[sorted.length - 1].count;
  if (observations === 0) return undefined;

  let rank = q * observations;
  const finite = sorted.length - 1;
  let at = sorted.findIndex((b, i) => i < finite && b.count >= rank);
  if (at === -1) at = finite;
  if (at === finite) return sorted[finite - 1].le;
  if (at === 0 && sorted[0].le <= 0) return sorted[0].le;
  let start = 0;
  let count = sorted[at].count;
  if (at > 0) {
    start = sorted[at - 1].le;
    count -= sorted[at - 1].count;
    rank -= sorted[at - 1].count;
  }
  return start + (sorted[at].le - start) * (rank / count);
}

/** A bucket bound as Prometheus writes it in `le`: a number or `+Inf`. @public */
export function parseLe(le: string): number {
  return le === '+Inf' ? Infinity : Number(le);
}
