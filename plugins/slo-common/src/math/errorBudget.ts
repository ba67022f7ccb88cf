import { EventCounts } from './burnRate';
import { allowedBadRatio } from './precision';

/**
 * The error budget of a window. `consumedFraction` exceeds 1 once the budget
 * is overspent and `remainingFraction` then goes negative, so a report can
 * say by how much. Both are undefined for a window without events, which
 * has no budget to measure against.
 *
 * @public
 */
export type ErrorBudget = {
  allowedBad: number;
  actualBad: number;
  consumedFraction: number | undefined;
  remainingFraction: number | undefined;
};

/** @public */
export function errorBudget(
  options: EventCounts & { objective: number },
): ErrorBudget {
  const allowedBad = allowedBadRatio(options.objective) * options.total;
  const actualBad = options.total - options.good;
  if (options.total <= 0) {
    return {
      allowedBad,
      actualBad,
      consumedFraction: undefined,
      remainingFraction: undefined,
    };
  }
  const consumedFraction = actualBad / allowedBad;
  return {
    allowedBad,
    actualBad,
    consumedFraction,
    remainingFraction: 1 - consumedFraction,
  };
}

/** @public */
export type BurnDownPoint = {
  timeMs: number;
  remainingFraction: number | undefined;
};

/**
 * The error budget remaining after each point of a window, cumulatively.
 * With `windowTotal` (the events expected over the whole window, e.g. last
 * period's count) the budget is fixed from the start and the line only goes
 * down, as a burn-down should. Without it the budget is what the events so
 * far allow, which is exact at the end of the window but swings early on.
 * Points are taken in time order.
 *
 * @public
 */
export function burnDown(options: {
  points: Array<EventCounts & { timeMs: number }>;
  objective: number;
  windowTotal?: number;
}): BurnDownPoint[] {
  const ratio = allowedBadRatio(options.objective);
  const points = [...options.points].sort((a, b) => a.timeMs - b.timeMs);
  let bad = 0;
  let total = 0;
  return points.map(point => {
    bad += point.total - point.good;
    total += point.total;
    const allowedBad = ratio * (options.windowTotal ?? total);
    return {
      timeMs: point.timeMs,
      remainingFraction: allowedBad > 0 ? 1 - bad / allowedBad : undefined,
    };
  });
}
