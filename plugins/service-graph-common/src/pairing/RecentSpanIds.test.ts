import { RecentSpanIds, spanFingerprint } from './RecentSpanIds';

function randomHex(random: () => number, length: number): string {
  let hex = '';
  for (let i = 0; i < length; i++) {
    hex += Math.floor(random() * 16).toString(16);
  }
  return hex;
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('spanFingerprint', () => {
  it('is a positive integer below 2^53', () => {
    const fingerprint = spanFingerprint(
      '0af7651916cd43dd8448eb211c80319c',
      'b7ad6b7169203331',
    );
    expect(Number.isSafeInteger(fingerprint)).toBe(true);
    expect(fingerprint).toBeGreaterThan(0);
  });

  it('tells the trace/span boundary apart', () => {
    expect(spanFingerprint('ab', 'c')).not.toBe(spanFingerprint('a', 'bc'));
  });

  it('has no collisions among 200 000 random ids', () => {
    const random = seededRandom(7);
    const seen = new Set<number>();
    for (let i = 0; i < 200_000; i++) {
      seen.add(spanFingerprint(randomHex(random, 32), randomHex(random, 16)));
    }
    expect(seen.size).toBe(200_000);
  });

  it.each([
    ['random ids', (_: number, random: () => number) => randomHex(random, 32)],
    [
      'ids differing in their first characters only',
      (i: number) => `${i.toString(16).padStart(8, '0')}${'7'.repeat(24)}`,
    ],
    [
      'ids differing in their last characters only',
      (i: number) => `${'7'.repeat(24)}${i.toString(16).padStart(8, '0')}`,
    ],
  ])('spreads %s over the low bits that hash tables probe by', (_, id) => {
    const random = seededRandom(11);
    const buckets = new Set<number>();
    const n = 1 << 16;
    for (let i = 0; i < n; i++) {
      buckets.add(spanFingerprint(id(i, random), '') & (n - 1));
    }
    // n uniform draws fill 1 - 1/e of n buckets: 41 427.
    expect(buckets.size).toBeGreaterThan(40_000);
  });

  it('differs for the same span id in different traces', () => {
    expect(spanFingerprint('trace-a', '0001')).not.toBe(
      spanFingerprint('trace-b', '0001'),
    );
  });
});

describe('RecentSpanIds', () => {
  it('recognises an id within the window and forgets it after two generations', () => {
    const ids = new RecentSpanIds(3);
    expect(ids.seenBefore(spanFingerprint('t', 'a'))).toBe(false);
    expect(ids.seenBefore(spanFingerprint('t', 'a'))).toBe(true);
    for (const id of ['b', 'c', 'd', 'e', 'f']) {
      expect(ids.seenBefore(spanFingerprint('t', id))).toBe(false);
    }
    // a, b, c were the previous generation until f filled the current one.
    expect(ids.seenBefore(spanFingerprint('t', 'a'))).toBe(false);
    expect(ids.seenBefore(spanFingerprint('t', 'f'))).toBe(true);
  });

  it('never forgets any of the last `window` distinct ids', () => {
    const window = 1000;
    const ids = new RecentSpanIds(window);
    const random = seededRandom(11);
    const order: string[] = [];
    for (let i = 0; i < 10 * window; i++) {
      const spanId = randomHex(random, 16);
      expect(ids.seenBefore(spanFingerprint('trace', spanId))).toBe(false);
      order.push(spanId);
      const back = Math.floor(random() * Math.min(window, order.length));
      const recent = order[order.length - 1 - back];
      expect(ids.seenBefore(spanFingerprint('trace', recent))).toBe(true);
    }
  });

  it('answers has() without remembering', () => {
    const ids = new RecentSpanIds(3);
    expect(ids.has(spanFingerprint('t', 'a'))).toBe(false);
    expect(ids.has(spanFingerprint('t', 'a'))).toBe(false);
    expect(ids.seenBefore(spanFingerprint('t', 'a'))).toBe(false);
    expect(ids.has(spanFingerprint('t', 'a'))).toBe(true);
    expect(ids.has(spanFingerprint('t', 'b'))).toBe(false);
  });
});
