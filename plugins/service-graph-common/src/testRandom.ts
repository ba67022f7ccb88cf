// Deterministic random ids for the fingerprint and RecentSpanIds tests.

export function randomHex(random: () => number, length: number): string {
  let hex = '';
  for (let i = 0; i < length; i++) {
    hex += Math.floor(random() * 16).toString(16);
  }
  return hex;
}

/** mulberry32: a tiny seeded PRNG, so that runs are reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
