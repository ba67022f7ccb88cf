import { OpenSloTimeWindow } from '../openslo/schemas';
import { previousQuarters, quarterOf, resolveWindow } from './windows';

const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);

const calendar = (
  duration: '1M' | '1Q',
  startTime = '2024-01-01 00:00:00',
): OpenSloTimeWindow => ({
  duration,
  isRolling: false,
  calendar: { startTime, timeZone: 'UTC' },
});

describe('resolveWindow', () => {
  it.each<
    [string, OpenSloTimeWindow, string, [string, string, number] | undefined]
  >([
    [
      'rolling 28 days',
      { duration: '28d', isRolling: true },
      '2026-03-10T12:00:00Z',
      ['2026-02-10T12:00:00Z', '2026-03-10T12:00:00Z', 28],
    ],
    [
      'rolling 4 weeks',
      { duration: '4w', isRolling: true },
      '2026-03-10T12:00:00Z',
      ['2026-02-10T12:00:00Z', '2026-03-10T12:00:00Z', 28],
    ],
    [
      'rolling 7 days across a year end',
      { duration: '7d', isRolling: true },
      '2026-01-03T00:00:00Z',
      ['2025-12-27T00:00:00Z', '2026-01-03T00:00:00Z', 7],
    ],
    [
      'the current month, partial',
      calendar('1M'),
      '2024-03-15T08:30:00Z',
      ['2024-03-01T00:00:00Z', '2024-03-15T08:30:00Z', 31],
    ],
    [
      'February of a leap year',
      calendar('1M'),
      '2024-02-29T23:59:59.999Z',
      ['2024-02-01T00:00:00Z', '2024-02-29T23:59:59.999Z', 29],
    ],
    [
      'February of a common year',
      calendar('1M'),
      '2025-02-10T00:00:00Z',
      ['2025-02-01T00:00:00Z', '2025-02-10T00:00:00Z', 28],
    ],
    [
      'the first instant of a month starts it, empty',
      calendar('1M'),
      '2024-04-01T00:00:00Z',
      ['2024-04-01T00:00:00Z', '2024-04-01T00:00:00Z', 30],
    ],
    [
      'the current quarter, partial, in a leap year',
      calendar('1Q'),
      '2024-02-15T00:00:00Z',
      ['2024-01-01T00:00:00Z', '2024-02-15T00:00:00Z', 91],
    ],
    [
      'the last instant of a quarter',
      calendar('1Q'),
      '2024-09-30T23:59:59.999Z',
      ['2024-07-01T00:00:00Z', '2024-09-30T23:59:59.999Z', 92],
    ],
    [
      'the fourth quarter',
      calendar('1Q'),
      '2025-11-20T00:00:00Z',
      ['2025-10-01T00:00:00Z', '2025-11-20T00:00:00Z', 92],
    ],
    [
      'a calendar window from its start time',
      calendar('1Q', '2024-04-01 00:00:00'),
      '2024-04-01T00:00:00Z',
      ['2024-04-01T00:00:00Z', '2024-04-01T00:00:00Z', 91],
    ],
    [
      'a calendar window before its start time',
      calendar('1Q', '2024-04-01 00:00:00'),
      '2024-03-31T23:59:59.999Z',
      undefined,
    ],
  ])('%s', (_, timeWindow, now, expected) => {
    const window = resolveWindow({ timeWindow, nowMs: at(now) });
    expect(window).toEqual(
      expected && {
        fromMs: at(expected[0]),
        toMs: at(expected[1]),
        periodMs: expected[2] * DAY,
      },
    );
  });
});

describe('quarterOf', () => {
  it.each<[string, number, 1 | 2 | 3 | 4, string, string]>([
    ['2026-01-01T00:00:00Z', 2026, 1, '2026-01-01', '2026-04-01'],
    ['2025-12-31T23:59:59.999Z', 2025, 4, '2025-10-01', '2026-01-01'],
    ['2024-03-31T23:59:59.999Z', 2024, 1, '2024-01-01', '2024-04-01'],
    ['2024-04-01T00:00:00Z', 2024, 2, '2024-04-01', '2024-07-01'],
    ['2024-08-15T12:00:00Z', 2024, 3, '2024-07-01', '2024-10-01'],
  ])('%s', (now, year, quarter, from, to) => {
    expect(quarterOf(at(now))).toEqual({
      year,
      quarter,
      fromMs: at(`${from}T00:00:00Z`),
      toMs: at(`${to}T00:00:00Z`),
    });
  });
});

describe('previousQuarters', () => {
  it.each<[string, number, string[]]>([
    ['2026-02-10T00:00:00Z', 3, ['2025 Q4', '2025 Q3', '2025 Q2']],
    ['2026-04-01T00:00:00Z', 2, ['2026 Q1', '2025 Q4']],
    [
      '2026-03-31T23:59:59.999Z',
      5,
      ['2025 Q4', '2025 Q3', '2025 Q2', '2025 Q1', '2024 Q4'],
    ],
    ['2026-02-10T00:00:00Z', 0, []],
  ])('before %s, %d of them', (now, count, expected) => {
    const quarters = previousQuarters({ nowMs: at(now), count });
    expect(quarters.map(q => `${q.year} Q${q.quarter}`)).toEqual(expected);
    quarters.forEach((q, i) => {
      expect(q.toMs).toBe(
        i === 0 ? quarterOf(at(now)).fromMs : quarters[i - 1].fromMs,
      );
    });
  });
});
