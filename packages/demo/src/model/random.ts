/** A seeded random source, so that a backfill is the same every time. */
export type Random = {
  /** Uniform in [0, 1). */
  next(): number;
};

/** mulberry32: small, fast and good enough for simulated traffic. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return {
    next() {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** A duration around `medianMs`, log-normally spread (σ = 0.35), as service latencies are. */
export function latencyAround(random: Random, medianMs: number): number {
  // Box–Muller; 1 - next() keeps the logarithm finite.
  const u = 1 - random.next();
  const v = random.next();
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return medianMs * Math.exp(0.35 * normal);
}

/** Picks an item by its share (shares need not sum to 1). */
export function pick<T extends { share: number }>(
  random: Random,
  items: T[],
): T {
  const total = items.reduce((sum, item) => sum + item.share, 0);
  let r = random.next() * total;
  for (const item of items) {
    r -= item.share;
    if (r < 0) return item;
  }
  return items[items.length - 1];
}
