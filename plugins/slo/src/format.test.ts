import { formatDuration, formatPercent } from './format';

describe('formatPercent', () => {
  it.each([
    [0.999, '99.9%'],
    [0.9995, '99.95%'],
    [1, '100%'],
    [0, '0%'],
    [undefined, '–'],
    [Number.NaN, '–'],
  ])('%p → %p', (value, expected) => {
    expect(formatPercent(value)).toBe(expected);
  });

  it.each([
    [0.5, 0, '50%'],
    [0.9, 0, '90%'],
    [0.1, 1, '10%'],
    [-0.6, 1, '-60%'],
  ])('%p with %p digits → %p', (value, digits, expected) => {
    expect(formatPercent(value, digits)).toBe(expected);
  });
});

describe('formatDuration', () => {
  it.each([
    [300_000, '5m'],
    [3_600_000, '1h'],
    [259_200_000, '3d'],
    [5_400_000, '90m'],
    [1500, '2s'],
  ])('%p → %p', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});
