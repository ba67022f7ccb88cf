import { windowPieces, windowSegments } from './readWindowSums';

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

describe('windowPieces', () => {
  const seg = (resolution: 'm' | 'h' | 'd', fromMs: number, toMs: number) => ({
    resolution,
    fromMs,
    toMs,
  });

  it('splits overlapping windows at each other’s edges and shares the pieces', () => {
    const month = [seg('d', day0, day0 + 30 * D)];
    const dayTen = [seg('d', day0 + 9 * D, day0 + 10 * D)];
    const lastHours = [
      seg('d', day0 + 29 * D, day0 + 30 * D),
      seg('h', day0 + 30 * D, day0 + 30 * D + 2 * H),
    ];
    const { pieces, byWindow } = windowPieces([month, dayTen, lastHours]);
    const ranges = (w: number) =>
      byWindow[w].map(p => [
        pieces[p].resolution,
        pieces[p].fromMs,
        pieces[p].toMs,
      ]);
    expect(ranges(0)).toEqual([
      ['d', day0, day0 + 9 * D],
      ['d', day0 + 9 * D, day0 + 10 * D],
      ['d', day0 + 10 * D, day0 + 29 * D],
      ['d', day0 + 29 * D, day0 + 30 * D],
    ]);
    expect(byWindow[1]).toEqual([byWindow[0][1]]);
    expect(ranges(2)).toEqual([
      ['d', day0 + 29 * D, day0 + 30 * D],
      ['h', day0 + 30 * D, day0 + 30 * D + 2 * H],
    ]);
    // Every piece is read once: five pieces for three windows.
    expect(pieces).toHaveLength(5);
  });

  it('keeps resolutions apart', () => {
    const { pieces, byWindow } = windowPieces([
      [seg('m', now - 10 * M, now)],
      [seg('h', now - 2 * H, now)],
    ]);
    expect(pieces).toHaveLength(2);
    expect(byWindow).toEqual([[0], [1]]);
  });
});
