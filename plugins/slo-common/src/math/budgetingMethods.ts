import { EventCounts } from './burnRate';

/** @public */
export type BudgetingMethod = 'Occurrences' | 'Timeslices' | 'RatioTimeslices';

/**
 * The SLI over a window. For Occurrences `good` and `total` are events; for
 * Timeslices they are slices; for RatioTimeslices `good` is the sum of the
 * slices' ratios, a fraction. `ratio` is undefined without data.
 *
 * @public
 */
export type WindowSli = {
  good: number;
  total: number;
  ratio: number | undefined;
};

/**
 * The SLI over a window from per-slice counts, by OpenSLO budgeting method.
 *
 * - Occurrences sums good and total events over all slices: every event
 *   weighs the same.
 * - Timeslices counts a slice as good when its good ratio is at or above
 *   `timeSliceTarget`, and the SLI is good slices over slices: every minute
 *   weighs the same, busy or quiet.
 * - RatioTimeslices averages the slices' good ratios.
 *
 * Slices without events are skipped by both timeslice methods: a quiet slice
 * has no ratio, and counting it as good would let idle nights hide a bad
 * day.
 *
 * @public
 */
export function sliOverWindow(
  options:
    | { method: 'Occurrences' | 'RatioTimeslices'; slices: EventCounts[] }
    | { method: 'Timeslices'; slices: EventCounts[]; timeSliceTarget: number },
): WindowSli {
  const withEvents = options.slices.filter(slice => slice.total > 0);
  let good = 0;
  let total = 0;
  if (options.method === 'Occurrences') {
    for (const slice of withEvents) {
      good += slice.good;
      total += slice.total;
    }
  } else if (options.method === 'Timeslices') {
    const { timeSliceTarget } = options;
    total = withEvents.length;
    good = withEvents.filter(
      slice => slice.good / slice.total >= timeSliceTarget,
    ).length;
  } else {
    // The one place Steward averages ratios: RatioTimeslices is defined as
    // the mean of per-slice ratios. Everywhere else counts are summed.
    total = withEvents.length;
    for (const slice of withEvents) {
      good += slice.good / slice.total;
    }
  }
  return { good, total, ratio: total > 0 ? good / total : undefined };
}
