import { DEFAULT_ERROR_BUDGET_POLICY, ErrorBudgetPolicy } from '../math/gate';
import { formatPath } from '../validation/issues';
import { OpenSloIssue } from './issues';

/**
 * SLO annotation overriding the budget fraction at which releases get a
 * warning, e.g. `"0.5"`.
 *
 * @public
 */
export const WARN_AT_ANNOTATION = 'steward.dev/warn-at';

/**
 * SLO annotation overriding the budget fraction at which releases freeze,
 * e.g. `"0.9"`.
 *
 * @public
 */
export const FREEZE_AT_ANNOTATION = 'steward.dev/freeze-at';

// Plain decimals only: Number() would also take "", "0x1" and "1e-1".
const FRACTION = /^(\d+(\.\d+)?|\.\d+)$/;

/**
 * An SLO's error budget policy: the `steward.dev/warn-at` and
 * `steward.dev/freeze-at` annotations over `defaults`. An invalid value is
 * reported and its default used; if the two end up with warn-at above
 * freeze-at, both defaults are used, since either could be the mistake.
 *
 * @public
 */
export function budgetPolicyFromAnnotations(options: {
  annotations?: Record<string, string>;
  defaults?: ErrorBudgetPolicy;
}): ErrorBudgetPolicy & { issues: OpenSloIssue[] } {
  const defaults = options.defaults ?? DEFAULT_ERROR_BUDGET_POLICY;
  const annotations = options.annotations ?? {};
  const issues: OpenSloIssue[] = [];
  const pathOf = (key: string) => formatPath(['metadata', 'annotations', key]);

  const read = (key: string, fallback: number): number => {
    const raw = annotations[key];
    if (raw === undefined) {
      return fallback;
    }
    const value = Number(raw);
    if (!FRACTION.test(raw.trim()) || value > 1) {
      issues.push({
        path: pathOf(key),
        message: 'must be a number from 0 to 1, like 0.5',
      });
      return fallback;
    }
    return value;
  };

  const warnAt = read(WARN_AT_ANNOTATION, defaults.warnAt);
  const freezeAt = read(FREEZE_AT_ANNOTATION, defaults.freezeAt);
  if (warnAt > freezeAt) {
    const key =
      annotations[WARN_AT_ANNOTATION] === undefined
        ? FREEZE_AT_ANNOTATION
        : WARN_AT_ANNOTATION;
    issues.push({
      path: pathOf(key),
      message:
        key === WARN_AT_ANNOTATION
          ? `must not be above freeze-at (${freezeAt})`
          : `must not be below warn-at (${warnAt})`,
    });
    return { ...defaults, issues };
  }
  return { warnAt, freezeAt, issues };
}
