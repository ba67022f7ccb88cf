import { tooFewEvents, wilsonInterval } from './confidence';

describe('wilsonInterval', () => {
  // 95% intervals. The middle rows are the score-method examples of
  // Newcombe (1998), Statistics in Medicine 17:857.
  it.each<[number, number, number, number]>([
    [990, 1000, 0.9817, 0.9946],
    [999, 1000, 0.9944, 0.9998],
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [1, 29, 0.0061, 0.1718],
    [0, 20, 0, 0.1611],
    [0, 10, 0, 0.2775],
    [10, 10, 0.7225, 1],
    [29, 29, 0.883, 1],
  ])('%d good of %d', (good, total, lower, upper) => {
    const interval = wilsonInterval({ good, total });
    expect(interval?.lower).toBeCloseTo(lower, 4);
    expect(interval?.upper).toBeCloseTo(upper, 4);
  });

  it.each<[string, number, number, 'lower' | 'upper', number]>([
    ['no good events', 0, 10, 'lower', 0],
    ['only good events', 10, 10, 'upper', 1],
    ['a million good events', 1e6, 1e6, 'upper', 1],
  ])('is exact at the edge with %s', (_, good, total, bound, value) => {
    expect(wilsonInterval({ good, total })?.[bound]).toBe(value);
  });

  it('widens with confidence', () => {
    const z95 = wilsonInterval({ good: 990, total: 1000 })!;
    const z99 = wilsonInterval({ good: 990, total: 1000, z: 2.575829 })!;
    expect(z99.lower).toBeLessThan(z95.lower);
    expect(z99.upper).toBeGreaterThan(z95.upper);
  });

  it('is undefined without events', () => {
    expect(wilsonInterval({ good: 0, total: 0 })).toBeUndefined();
  });
});

describe('tooFewEvents', () => {
  // (1 - objective) × total < 1: fewer than one bad event allowed.
  it.each<[number, number, boolean]>([
    [0.999, 0, true],
    [0.999, 999, true],
    [0.999, 1000, false],
    [0.99, 99, true],
    [0.99, 100, false],
    // 1 - 0.9999 is 9.99999999999989e-5 in floating point; 10000 events
    // still allow exactly one.
    [0.9999, 9999, true],
    [0.9999, 10_000, false],
    [0.95, 19, true],
    [0.95, 20, false],
  ])('objective %s with %d events: %s', (objective, total, expected) => {
    expect(tooFewEvents({ objective, total })).toBe(expected);
  });
});
