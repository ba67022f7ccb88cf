import { calendarStartMs, durationMs } from './time';

describe('durationMs', () => {
  it.each<[string | number, number | undefined]>([
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['28d', 28 * 86_400_000],
    ['4w', 28 * 86_400_000],
    ['0m', 0],
    [10, 600_000],
    ['1M', undefined],
    ['1Q', undefined],
    ['1Y', undefined],
    ['1.5h', undefined],
    ['-1h', undefined],
    ['1 h', undefined],
    [-1, undefined],
    [Number.NaN, undefined],
  ])('%s', (duration, expected) => {
    expect(durationMs(duration)).toBe(expected);
  });
});

describe('calendarStartMs', () => {
  it.each<[string, number | undefined]>([
    ['2026-01-01 00:00:00', Date.UTC(2026, 0, 1)],
    ['2024-02-29 23:59:59', Date.UTC(2024, 1, 29, 23, 59, 59)],
    ['2025-02-29 00:00:00', undefined],
    ['2026-01-01T00:00:00Z', undefined],
    ['2026-01-01', undefined],
    ['2026-13-01 00:00:00', undefined],
    ['2026-01-01 24:00:00', undefined],
  ])('%s', (startTime, expected) => {
    expect(calendarStartMs(startTime)).toBe(expected);
  });
});
