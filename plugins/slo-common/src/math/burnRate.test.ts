import { burnRate, errorRatio, requiredBurnRate } from './burnRate';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('errorRatio', () => {
  it.each<[number, number, number | undefined]>([
    [990, 1000, 0.01],
    [1000, 1000, 0],
    [0, 1000, 1],
    [0, 0, undefined],
  ])('good %d of %d', (good, total, expected) => {
    expect(errorRatio({ good, total })).toBe(expected);
  });
});

describe('burnRate', () => {
  it.each<[number, number, number]>([
    [0.001, 0.999, 1],
    [0.0144, 0.999, 14.4],
    [0.01, 0.99, 1],
    [0, 0.999, 0],
    [0.5, 0.9, 5],
  ])('error ratio %s against %s', (ratio, objective, expected) => {
    expect(burnRate({ errorRatio: ratio, objective })).toBeCloseTo(
      expected,
      12,
    );
  });

  it('is undefined for a window without events', () => {
    expect(
      burnRate({ errorRatio: undefined, objective: 0.999 }),
    ).toBeUndefined();
  });
});

describe('requiredBurnRate', () => {
  it.each<[number, number, number, number]>([
    [0.02, 30 * DAY, HOUR, 14.4],
    [0.05, 30 * DAY, 6 * HOUR, 6],
    [0.1, 30 * DAY, DAY, 3],
    [0.1, 30 * DAY, 3 * DAY, 1],
    [1, 30 * DAY, 30 * DAY, 1],
    [0.5, 7 * DAY, DAY, 3.5],
  ])(
    '%s of the budget over %d ms in %d ms',
    (budgetFraction, periodMs, longWindowMs, expected) => {
      expect(requiredBurnRate({ budgetFraction, periodMs, longWindowMs })).toBe(
        expected,
      );
    },
  );
});
