import { EventCounts } from './burnRate';
import { allowedBadRatio } from './precision';

/**
 * The Wilson score interval for the good ratio: unlike the normal
 * approximation it stays inside [0, 1] and is honest near 100%, where
 * availability SLOs live. `z` defaults to 95% confidence. Undefined when
 * there were no events.
 *
 * @public
 */
export function wilsonInterval(
  options: EventCounts & { z?: number },
): { lower: number; upper: number } | undefined {
  const { good, total, z = 1.959964 } = options;
  if (total <= 0) {
    return undefined;
  }
  const p = good / total;
  const z2 = z * z;
  const denominator = 1 + z2 / total;
  const center = (p + z2 / (2 * total)) / denominator;
  const halfWidth =
    (z * Math.sqrt((p * (1 - p)) / total + z2 / (4 * total * total))) /
    denominator;
  // At 0 and 100% the bound is exact in theory; floating point can leave it
  // a hair off, which a report would show as 99.9999999%.
  return {
    lower: good <= 0 ? 0 : Math.max(0, center - halfWidth),
    upper: good >= total ? 1 : Math.min(1, center + halfWidth),
  };
}

/**
 * True when a window's events allow less than one bad event: then a single
 * failure decides met or missed, and the verdict says so instead.
 *
 * @public
 */
export function tooFewEvents(options: {
  total: number;
  objective: number;
}): boolean {
  return allowedBadRatio(options.objective) * options.total < 1;
}
