import { allowedBadRatio } from './precision';

/**
 * Good and total event counts over one window, summed, never averaged.
 *
 * @public
 */
export type EventCounts = { good: number; total: number };

/**
 * The fraction of events that were bad, or undefined when there were none:
 * no traffic is not an error ratio of zero.
 *
 * @public
 */
export function errorRatio(counts: EventCounts): number | undefined {
  return counts.total > 0
    ? (counts.total - counts.good) / counts.total
    : undefined;
}

/**
 * How fast a window spends the error budget: 1 spends exactly the budget over
 * the SLO period, 14.4 spends a 30-day budget in about 2 days.
 *
 * @public
 */
export function burnRate(options: {
  errorRatio: number | undefined;
  objective: number;
}): number | undefined {
  return options.errorRatio === undefined
    ? undefined
    : options.errorRatio / allowedBadRatio(options.objective);
}

/**
 * The burn rate at which a long window spends `budgetFraction` of the
 * period's budget (SRE Workbook, "Alerting on SLOs"): budget fraction ×
 * period / long window.
 *
 * @public
 */
export function requiredBurnRate(options: {
  budgetFraction: number;
  periodMs: number;
  longWindowMs: number;
}): number {
  // Periods are usually whole multiples of the long window, so dividing the
  // durations first leaves one rounding step: 0.02 × 720 gives exactly 14.4.
  return options.budgetFraction * (options.periodMs / options.longWindowMs);
}
