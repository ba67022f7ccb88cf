import {
  LATENCY_MIN_MS,
  LATENCY_RELATIVE_ACCURACY,
  LATENCY_ZERO_BUCKET_INDEX,
  LatencyHistogram,
  addLatency,
  createLatencyHistogram,
  histogramCount,
  histogramCountAtOrBelow,
  histogramFromRows,
  histogramQuantile,
  histogramToRows,
  latencyBucketIndex,
  latencyBucketValue,
  mergeHistograms,
} from './latencyHistogram';
import { seededRandom } from '../testRandom';

// Floating point may put a value that sits exactly on a bucket bound one
// bucket over; that costs ~1e-15 of relative error, not more.
const TOLERANCE = LATENCY_RELATIVE_ACCURACY + 1e-9;

function uniform(seed: number, n: number, min: number, max: number) {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => min + random() * (max - min));
}

/** Box–Muller on the seeded PRNG. */
function lognormal(seed: number, n: number, mu: number, sigma: number) {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const u1 = 1 - random();
    const u2 = random();
    const normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    return Math.exp(mu + sigma * normal);
  });
}

function histogramOf(values: number[]): LatencyHistogram {
  const histogram = createLatencyHistogram();
  for (const value of values) {
    addLatency(histogram, value);
  }
  return histogram;
}

/** Nearest-rank on the sorted values, the definition the histogram approximates. */
function exactQuantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * sorted.length * (1 - 1e-12)));
  return sorted[rank - 1];
}

function relativeError(estimate: number, exact: number): number {
  if (exact <= LATENCY_MIN_MS) {
    return estimate === 0 ? 0 : Infinity;
  }
  return Math.abs(estimate - exact) / exact;
}

const QUANTILES = [
  0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1,
];

const DISTRIBUTIONS: Array<{ name: string; values: number[] }> = [
  { name: 'uniform 1..1000 ms', values: uniform(1, 10_000, 1, 1000) },
  { name: 'uniform 0..5 ms', values: uniform(2, 10_000, 0, 5) },
  {
    name: 'lognormal median 50 ms',
    values: lognormal(3, 20_000, Math.log(50), 1),
  },
  {
    name: 'lognormal heavy tail',
    values: lognormal(4, 20_000, Math.log(2), 2.5),
  },
  { name: 'constant 42 ms', values: Array.from({ length: 1000 }, () => 42) },
  { name: 'single value', values: [7.5] },
  { name: 'two values', values: [3, 300] },
  { name: 'one hour', values: [3_600_000, 3_600_000, 1] },
  { name: 'with zeros', values: [0, 0, 0, 0.0005, 1, 2, 4] },
];

describe('latencyBucketIndex / latencyBucketValue', () => {
  it.each([
    1.0005e-3, 0.01, 0.5, 1, 1.0000001, 2, 7.3, 99.999, 1000, 3_600_000, 1e12,
  ])('represents %p within the relative accuracy', value => {
    const index = latencyBucketIndex(value);
    expect(relativeError(latencyBucketValue(index), value)).toBeLessThanOrEqual(
      TOLERANCE,
    );
  });

  it('is monotonic, so index order is value order', () => {
    const values = lognormal(9, 5000, 0, 4).sort((a, b) => a - b);
    const indexes = [0, ...values].map(latencyBucketIndex);
    for (let i = 1; i < indexes.length; i++) {
      expect(indexes[i]).toBeGreaterThanOrEqual(indexes[i - 1]);
    }
  });

  it.each([
    ['zero', 0],
    ['negative (clock skew)', -5],
    ['below the minimum', 1e-4],
    ['exactly the minimum', LATENCY_MIN_MS],
    ['NaN', NaN],
  ])('puts %s into the zero bucket, whose value is 0', (_, value) => {
    expect(latencyBucketIndex(value)).toBe(LATENCY_ZERO_BUCKET_INDEX);
    expect(latencyBucketValue(LATENCY_ZERO_BUCKET_INDEX)).toBe(0);
  });

  it('keeps every real index above the zero bucket and infinity finite', () => {
    expect(latencyBucketIndex(LATENCY_MIN_MS * 1.0001)).toBe(-172);
    expect(latencyBucketIndex(3_600_000)).toBe(378);
    expect(Number.isFinite(latencyBucketIndex(Infinity))).toBe(true);
    expect(latencyBucketIndex(Infinity)).toBe(
      latencyBucketIndex(Number.MAX_VALUE),
    );
  });
});

describe('histogramQuantile', () => {
  describe.each(DISTRIBUTIONS)('$name', ({ values }) => {
    const histogram = histogramOf(values);

    it('counts every observation', () => {
      expect(histogramCount(histogram)).toBe(values.length);
    });

    it.each(QUANTILES)('q=%p is within 2%% of the exact quantile', q => {
      const estimate = histogramQuantile(histogram, q)!;
      expect(
        relativeError(estimate, exactQuantile(values, q)),
      ).toBeLessThanOrEqual(TOLERANCE);
    });
  });

  it('is undefined for an empty histogram', () => {
    expect(histogramQuantile(createLatencyHistogram(), 0.5)).toBeUndefined();
    expect(histogramCount(createLatencyHistogram())).toBe(0);
  });

  it('reports 0 for zero and sub-minimum observations', () => {
    const histogram = histogramOf([0, 1e-4, -1, 5]);
    expect(histogramQuantile(histogram, 0.5)).toBe(0);
    expect(histogramQuantile(histogram, 0.75)).toBe(0);
    expect(histogramQuantile(histogram, 1)).toBeCloseTo(5, 0);
  });

  it.each([-0.1, 1.5, NaN])('rejects q=%p', q => {
    expect(() => histogramQuantile(histogramOf([1]), q)).toThrow(RangeError);
  });
});

describe('addLatency', () => {
  it('adds a count at once, as many single adds would', () => {
    const once = createLatencyHistogram();
    addLatency(once, 12, 5);
    expect(once).toEqual(histogramOf([12, 12, 12, 12, 12]));
  });

  it.each([0, -3])('ignores count %p', count => {
    const histogram = createLatencyHistogram();
    addLatency(histogram, 12, count);
    expect(histogramCount(histogram)).toBe(0);
  });
});

describe('mergeHistograms', () => {
  it('equals the histogram of the concatenation', () => {
    const a = lognormal(11, 3000, Math.log(20), 1.5);
    const b = uniform(12, 2000, 0, 2000);
    const c = [0, 3_600_000];
    const merged = mergeHistograms(
      mergeHistograms(histogramOf(a), histogramOf(b)),
      histogramOf(c),
    );
    expect(histogramToRows(merged)).toEqual(
      histogramToRows(histogramOf([...a, ...b, ...c])),
    );
  });

  it('merges into the first argument and leaves the second alone', () => {
    const into = histogramOf([1]);
    const from = histogramOf([1, 100]);
    expect(mergeHistograms(into, from)).toBe(into);
    expect(histogramCount(into)).toBe(3);
    expect(histogramCount(from)).toBe(2);
  });

  it('merging an empty histogram changes nothing', () => {
    const histogram = histogramOf([1, 2, 3]);
    const before = histogramToRows(histogram);
    mergeHistograms(histogram, createLatencyHistogram());
    expect(histogramToRows(histogram)).toEqual(before);
  });
});

describe('rows', () => {
  it('round-trips through rows ordered by index', () => {
    const histogram = histogramOf([0, 0.5, 0.5, 10, 3_600_000]);
    const rows = histogramToRows(histogram);
    expect(rows).toEqual([
      { idx: LATENCY_ZERO_BUCKET_INDEX, count: 1 },
      { idx: latencyBucketIndex(0.5), count: 2 },
      { idx: latencyBucketIndex(10), count: 1 },
      { idx: 378, count: 1 },
    ]);
    expect(histogramFromRows(rows)).toEqual(histogram);
  });

  it('adds up rows with the same index (several minutes or replicas)', () => {
    const histogram = histogramFromRows([
      { idx: 5, count: 2 },
      { idx: 5, count: 3 },
      { idx: 9, count: 0 },
    ]);
    expect(histogramToRows(histogram)).toEqual([{ idx: 5, count: 5 }]);
  });

  it('is empty for an empty histogram', () => {
    expect(histogramToRows(createLatencyHistogram())).toEqual([]);
    expect(histogramFromRows([]).size).toBe(0);
  });
});

describe('histogramCountAtOrBelow', () => {
  const values = lognormal(21, 20_000, Math.log(100), 1);
  const histogram = histogramOf(values);
  const countAtMost = (t: number) => values.filter(v => v <= t).length;

  it.each([1, 10, 50, 100, 200, 300, 1000, 10_000])(
    'threshold %p ms stays within the ±2%% band',
    threshold => {
      const a = LATENCY_RELATIVE_ACCURACY;
      const count = histogramCountAtOrBelow(histogram, threshold);
      expect(count).toBeGreaterThanOrEqual(countAtMost(threshold / (1 + a)));
      expect(count).toBeLessThanOrEqual(countAtMost(threshold / (1 - a)));
    },
  );

  it('agrees with histogramQuantile', () => {
    for (const q of QUANTILES) {
      const quantile = histogramQuantile(histogram, q)!;
      const rank = Math.max(1, Math.ceil(q * values.length * (1 - 1e-12)));
      expect(
        histogramCountAtOrBelow(histogram, quantile),
      ).toBeGreaterThanOrEqual(rank);
    }
  });

  it('counts the zero bucket for any non-negative threshold', () => {
    const small = histogramOf([0, 0, 5]);
    expect(histogramCountAtOrBelow(small, 0)).toBe(2);
    expect(histogramCountAtOrBelow(small, 1)).toBe(2);
    expect(histogramCountAtOrBelow(small, 5.2)).toBe(3);
    expect(histogramCountAtOrBelow(createLatencyHistogram(), 5)).toBe(0);
  });
});
