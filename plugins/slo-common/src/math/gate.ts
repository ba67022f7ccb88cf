/**
 * When releases get a warning and when they stop, as fractions of the error
 * budget consumed.
 *
 * @public
 */
export type ErrorBudgetPolicy = { warnAt: number; freezeAt: number };

/**
 * Steward's default error budget policy: warn at half the budget spent,
 * freeze releases at 90%, leaving room to ship the fix.
 *
 * @public
 */
export const DEFAULT_ERROR_BUDGET_POLICY: Readonly<ErrorBudgetPolicy> = {
  warnAt: 0.5,
  freezeAt: 0.9,
};

/** @public */
export type GateDecision = 'allow' | 'warn' | 'freeze';

const ORDER: GateDecision[] = ['allow', 'warn', 'freeze'];

/**
 * The release gate for one SLO. Both thresholds are inclusive: exactly 50%
 * consumed warns, exactly 90% freezes. Without events there is no budget
 * spent, so an SLO without data allows.
 *
 * @public
 */
export function gateDecision(options: {
  consumedFraction: number | undefined;
  warnAt?: number;
  freezeAt?: number;
}): GateDecision {
  const {
    consumedFraction,
    warnAt = DEFAULT_ERROR_BUDGET_POLICY.warnAt,
    freezeAt = DEFAULT_ERROR_BUDGET_POLICY.freezeAt,
  } = options;
  if (consumedFraction === undefined) {
    return 'allow';
  }
  if (consumedFraction >= freezeAt) {
    return 'freeze';
  }
  return consumedFraction >= warnAt ? 'warn' : 'allow';
}

/**
 * The gate for a release that touches several SLOs: the worst of theirs;
 * `allow` when there are none.
 *
 * @public
 */
export function worstGateDecision(decisions: GateDecision[]): GateDecision {
  return decisions.reduce<GateDecision>(
    (worst, decision) =>
      ORDER.indexOf(decision) > ORDER.indexOf(worst) ? decision : worst,
    'allow',
  );
}

function percent(fraction: number, digits: number): string {
  return `${(100 * fraction).toFixed(digits)}%`;
}

/**
 * The share of an error budget consumed, in words. Past the whole budget it
 * says how far over it is, in percent up to ten budgets and as a multiple
 * beyond, where "12000%" would only be noise.
 *
 * @public
 */
export function budgetConsumedText(consumedFraction: number): string {
  if (consumedFraction < 1) {
    return `${percent(consumedFraction, 1)} of the error budget consumed`;
  }
  if (consumedFraction < 10) {
    return `error budget spent: ${percent(consumedFraction, 0)} consumed`;
  }
  return `error budget spent ${Math.round(consumedFraction).toLocaleString(
    'en-US',
  )} times over`;
}

/**
 * Why one SLO holds a release, in words: the share of its error budget
 * consumed (see budgetConsumedText) against the policy's threshold for its
 * decision.
 *
 * @public
 */
export function gateReason(options: {
  title: string;
  decision: GateDecision;
  consumedFraction: number | undefined;
  policy: ErrorBudgetPolicy;
}): string {
  const threshold = `${Number(
    (
      100 *
      (options.decision === 'freeze'
        ? options.policy.freezeAt
        : options.policy.warnAt)
    ).toFixed(3),
  )}%`;
  return `${options.title}: ${budgetConsumedText(
    options.consumedFraction ?? 0,
  )} (${options.decision} at ${threshold})`;
}
