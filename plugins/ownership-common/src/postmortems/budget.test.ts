import { budgetConsumedDuring } from './budget';

const burnDown = [
  { timeMs: 0, remainingFraction: 1 },
  { timeMs: 10, remainingFraction: 0.9 },
  { timeMs: 20, remainingFraction: 0.5 },
  { timeMs: 30, remainingFraction: 0.45 },
  { timeMs: 40, remainingFraction: 0.5 },
];

describe('budgetConsumedDuring', () => {
  it.each([
    ['an incident between points', 15, 30, 0.9 - 0.45],
    [
      'an incident starting on a point counts from the point before',
      20,
      20,
      0.4,
    ],
    [
      'an incident before the first point spent nothing measured',
      -10,
      -5,
      undefined,
    ],
    [
      'a window that starts during the incident: whole budget before',
      0,
      10,
      0.1,
    ],
    ['a rising line is not budget given back', 35, 40, 0],
  ])('%s', (_, fromMs, toMs, expected) => {
    const consumed = budgetConsumedDuring({ burnDown, fromMs, toMs });
    // Rounded: the differences of binary fractions are not exact.
    expect(
      consumed === undefined ? undefined : Math.round(consumed * 1e9) / 1e9,
    ).toEqual(
      expected === undefined ? undefined : Math.round(expected * 1e9) / 1e9,
    );
  });

  it('skips points without a figure', () => {
    expect(
      budgetConsumedDuring({
        burnDown: [
          { timeMs: 0, remainingFraction: 0.8 },
          { timeMs: 5, remainingFraction: undefined },
          { timeMs: 9, remainingFraction: 0.6 },
        ],
        fromMs: 4,
        toMs: 6,
      }),
    ).toBeCloseTo(0);
  });
});
