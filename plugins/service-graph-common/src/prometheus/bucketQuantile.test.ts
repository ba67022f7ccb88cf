import { bucketQuantile, parseLe, PrometheusBucket } from './bucketQuantile';

const inf = Infinity;

const buckets = (pairs: Array<[number, number]>): PrometheusBucket[] =>
  pairs.map(([le, count]) => ({ le, count }));

describe('bucketQuantile', () => {
  // Expected values are what Prometheus's histogram_quantile answers for
  // the same buckets (its linear interpolation within the bucket).
  it.each<[string, Array<[number, number]>, number, number]>([
    [
      'interpolates in the bucket holding the rank',
      [
        [10, 50],
        [100, 100],
        [inf, 100],
      ],
      0.5,
      10,
    ],
    [
      'interpolates linearly',
      [
        [10, 50],
        [100, 100],
        [inf, 100],
      ],
      0.75,
      55,
    ],
    [
      'starts the lowest bucket at 0',
      [
        [10, 100],
        [inf, 100],
      ],
      0.5,
      5,
    ],
    [
      'answers the highest finite bound in +Inf',
      [
        [10, 90],
        [100, 90],
        [inf, 100],
      ],
      0.99,
      100,
    ],
    [
      'skips empty buckets',
      [
        [2, 0],
        [4, 0],
        [8, 10],
        [inf, 10],
      ],
      0.5,
      6,
    ],
    [
      'raises decreasing counts to the running maximum',
      [
        [10, 60],
        [20, 55],
        [inf, 100],
      ],
      0.5,
      50 / 6,
    ],
    [
      'sorts and merges equal bounds',
      [
        [inf, 4],
        [1, 2],
        [1, 2],
        [2, 4],
      ],
      1,
      1,
    ],
  ])('%s', (_name, pairs, q, expected) => {
    expect(bucketQuantile(buckets(pairs), q)).toBeCloseTo(expected, 10);
  });

  it.each<[string, Array<[number, number]>]>([
    [
      'without observations',
      [
        [10, 0],
        [inf, 0],
      ],
    ],
    [
      'without +Inf',
      [
        [10, 5],
        [20, 10],
      ],
    ],
    ['with one bucket', [[inf, 10]]],
  ])('is undefined %s', (_name, pairs) => {
    expect(bucketQuantile(buckets(pairs), 0.5)).toBeUndefined();
  });

  it('rejects quantiles outside [0, 1]', () => {
    expect(() => bucketQuantile([], 1.5)).toThrow(RangeError);
  });

  it.each([
    ['+Inf', Infinity],
    ['0.25', 0.25],
    ['1000', 1000],
    ['1e+06', 1e6],
  ])('parses le %s', (le, value) => {
    expect(parseLe(le)).toBe(value);
  });
});
