import { burnDown, errorBudget } from './errorBudget';
import { expectClose } from './testUtils';

describe('errorBudget', () => {
  it.each<
    [
      string,
      number,
      number,
      number,
      [number, number, number | undefined, number | undefined],
    ]
  >([
    ['untouched', 1000, 1000, 0.999, [1, 0, 0, 1]],
    ['exactly spent', 999, 1000, 0.999, [1, 1, 1, 0]],
    ['half spent', 9995, 10000, 0.999, [10, 5, 0.5, 0.5]],
    ['overspent three times', 970, 1000, 0.99, [10, 30, 3, -2]],
    ['no events', 0, 0, 0.999, [0, 0, undefined, undefined]],
  ])(
    '%s',
    (
      _,
      good,
      total,
      objective,
      [allowedBad, actualBad, consumed, remaining],
    ) => {
      const budget = errorBudget({ good, total, objective });
      expect(budget.allowedBad).toBeCloseTo(allowedBad, 9);
      expect(budget.actualBad).toBe(actualBad);
      expectClose(budget.consumedFraction, consumed);
      expectClose(budget.remainingFraction, remaining);
    },
  );
});

describe('burnDown', () => {
  const points = [
    { timeMs: 3, good: 1000, total: 1000 },
    { timeMs: 1, good: 995, total: 1000 },
    { timeMs: 2, good: 0, total: 0 },
    { timeMs: 4, good: 990, total: 1000 },
  ];

  it.each<
    [
      string,
      Array<{ timeMs: number; good: number; total: number }>,
      number | undefined,
      Array<number | undefined>,
    ]
  >([
    [
      'budget so far: exact at the end, swinging early',
      points,
      undefined,
      [-4, -4, -1.5, -4],
    ],
    [
      'budget of the expected window total: only goes down',
      points,
      10_000,
      [0.5, 0.5, 0.5, -0.5],
    ],
    ['no data yet', [{ timeMs: 1, good: 0, total: 0 }], undefined, [undefined]],
    ['nothing at all', [], 10_000, []],
  ])('%s', (_, input, windowTotal, remaining) => {
    const result = burnDown({ points: input, objective: 0.999, windowTotal });
    expect(result.map(p => p.timeMs)).toEqual(
      [...input].map(p => p.timeMs).sort(),
    );
    expect(result).toHaveLength(remaining.length);
    result.forEach((point, i) =>
      expectClose(point.remainingFraction, remaining[i]),
    );
  });
});
