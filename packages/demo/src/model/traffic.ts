const HOUR_MS = 3_600_000;

/**
 * The shop's daily traffic shape, relative to its peak: quietest at 04:00
 * UTC (30% of peak), busiest at 16:00 UTC, a smooth cosine between.
 */
export function dailyShape(atMs: number): number {
  const hour = (atMs % (24 * HOUR_MS)) / HOUR_MS;
  return 0.3 + 0.7 * (0.5 - 0.5 * Math.cos((2 * Math.PI * (hour - 4)) / 24));
}

/** Page loads per second at `atMs` for a shop whose peak is `peakPerSecond`. */
export function pagesPerSecond(options: {
  atMs: number;
  peakPerSecond: number;
}): number {
  return options.peakPerSecond * dailyShape(options.atMs);
}

/**
 * Arrival times of page loads in [fromMs, toMs) for a Poisson process
 * following the daily shape; the rate is taken at each arrival (fine for
 * a shape that changes over hours).
 */
export function arrivals(options: {
  fromMs: number;
  toMs: number;
  peakPerSecond: number;
  random: { next(): number };
}): number[] {
  const times: number[] = [];
  let at = options.fromMs;
  for (;;) {
    const rate = pagesPerSecond({
      atMs: at,
      peakPerSecond: options.peakPerSecond,
    });
    at += (-Math.log(1 - options.random.next()) / rate) * 1000;
    if (at >= options.toMs) return times;
    times.push(at);
  }
}
