import { seededRandom } from './random';
import { arrivals, dailyShape } from './traffic';

const at = (hourUtc: number) => Date.UTC(2026, 10, 21) + hourUtc * 3_600_000;

describe('dailyShape', () => {
  it.each([
    [4, 0.3],
    [16, 1],
    [10, 0.65],
    [22, 0.65],
    [28, 0.3],
  ])('at %s:00 UTC is %s of the peak', (hour, expected) => {
    expect(dailyShape(at(hour))).toBeCloseTo(expected, 10);
  });
});

describe('arrivals', () => {
  it.each([
    // [from hour, hours, peak per second, expected mean rate relative to peak]
    [15, 2, 2, 0.98],
    [3, 2, 2, 0.31],
  ])(
    'from %s:00 for %s h at peak %s/s follows the shape (about %s of peak)',
    (fromHour, hours, peak, relative) => {
      const times = arrivals({
        fromMs: at(fromHour),
        toMs: at(fromHour + hours),
        peakPerSecond: peak,
        random: seededRandom(7),
      });
      const expected = peak * relative * hours * 3600;
      expect(Math.abs(times.length - expected) / expected).toBeLessThan(0.05);
      expect(times.every((t, i) => i === 0 || t > times[i - 1])).toBe(true);
      expect(times[0]).toBeGreaterThanOrEqual(at(fromHour));
      expect(times[times.length - 1]).toBeLessThan(at(fromHour + hours));
    },
  );
});
