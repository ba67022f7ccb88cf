/**
 * The share of an SLO's error budget spent between `fromMs` and `toMs`,
 * read off its burn-down (remaining budget over time, oldest first): the
 * remaining budget at the last point before the incident minus that at the
 * last point by its end. Undefined when the burn-down has no defined point
 * by the end. Never negative: a burn-down computed from the events so far
 * can rise as traffic grows, which is not budget given back.
 *
 * @public
 */
export function budgetConsumedDuring(options: {
  burnDown: ReadonlyArray<{ timeMs: number; remainingFraction?: number }>;
  fromMs: number;
  toMs: number;
}): number | undefined {
  const points = options.burnDown.filter(
    (p): p is { timeMs: number; remainingFraction: number } =>
      p.remainingFraction !== undefined && p.remainingFraction !== null,
  );
  const lastAtOrBefore = (ms: number) =>
    points.filter(p => p.timeMs <= ms).pop();
  const end = lastAtOrBefore(options.toMs);
  if (!end) {
    return undefined;
  }
  // Nothing measured before the incident: the window started during it, and
  // the budget was whole at its start.
  const start = points.filter(p => p.timeMs < options.fromMs).pop();
  const before = start?.remainingFraction ?? 1;
  return Math.max(0, before - end.remainingFraction);
}
