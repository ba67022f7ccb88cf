import { windowSegments } from './readWindowSums';

const H = 3_600_000;
const D = 24 * H;
const M = 60_000;
const day0 = Date.UTC(2026, 10, 10);
const retention = { minuteMs: 2 * D, hourMs: 35 * D, dayMs: 400 * D };
const now = day0 + 5 * D;

describe('windowSegments', () => {
  it.each([
    {
      name: 'inside one hour: minutes only',
      from: now - 50 * M,
      to: now - 5 * M,
      segments: [['m', now - 50 * M, now - 5 * M]],
      effectiveFrom: now - 50 * M,
    },
    {
      name: 'across hours: minutes, hours, minutes',
      from: day0 + 4 * D + 10 * H + 7 * M,
      to: day0 + 4 * D + 13 * H + 20 * M,
      segments: [
        ['m', day0 + 4 * D + 10 * H + 7 * M, day0 + 4 * D + 11 * H],
        ['h', day0 + 4 * D + 11 * H, day0 + 4 * D + 13 * H],
        ['m', day0 + 4 * D + 13 * H, day0 + 4 * D + 13 * H + 20 * M],
      ],
      effectiveFrom: day0 + 4 * D + 10 * H + 7 * M,
    },
    {
      name: 'across days inside minute retention: all five kinds',
      from: now - D - 90 * M,
      to: now - D + 2 * D - D + 30 * M,
      segments: [
        ['m', now - D - 90 * M, now - D - H],
        ['h', now - D - H, now - D],
        ['d', now - D, now],
        ['m', now, now + 30 * M],
      ],
      effectiveFrom: now - D - 90 * M,
    },
    {
      name: 'a 30-day window starts at the hour once minutes have expired',
      from: now - 30 * D + 17 * M,
      to: now,
      segments: [['d', now - 30 * D, now]],
      effectiveFrom: now - 30 * D,
    },
    {
      name: 'past hour retention the start moves to the day',
      from: now - 40 * D + 5 * H,
      to: now - 38 * D,
      segments: [['d', now - 40 * D, now - 38 * D]],
      effectiveFrom: now - 40 * D,
    },
    {
      name: 'unaligned ends are widened to whole minutes',
      from: now - 10 * M + 1234,
      to: now - 2 * M - 10,
      segments: [['m', now - 10 * M, now - 2 * M]],
      effectiveFrom: now - 10 * M,
    },
  ])('$name', ({ from, to, segments, effectiveFrom }) => {
    const result = windowSegments({
      fromMs: from,
      toMs: to,
      nowMs: now,
      retention,
    });
    expect(result.segments.map(s => [s.resolution, s.fromMs, s.toMs])).toEqual(
      segments,
    );
    expect(result.effectiveFromMs).toBe(effectiveFrom);
  });
});
