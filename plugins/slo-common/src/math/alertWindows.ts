import type { OpenSloAlertPolicySpec } from '../openslo/schemas';
import { durationMs } from '../openslo/time';
import { requiredBurnRate } from './burnRate';
import { DAY_MS, HOUR_MS } from './time';

/** @public */
export type AlertSeverity = 'page' | 'ticket';

/**
 * One multiwindow burn-rate alert: it fires when the burn rate over both the
 * long and the short window reaches `factor`, which is the burn that spends
 * `budgetFraction` of the period's budget in the long window.
 *
 * @public
 */
export type AlertWindow = {
  name: string;
  severity: AlertSeverity;
  budgetFraction: number;
  longWindowMs: number;
  shortWindowMs: number;
  factor: number;
};

/**
 * The Workbook's short window is a twelfth of the long one: long enough to
 * ignore a blip, short enough that the alert resets soon after the burn
 * stops.
 */
const SHORT_WINDOW_DIVISOR = 12;

const WORKBOOK_PAIRS: Array<
  Pick<AlertWindow, 'name' | 'severity' | 'budgetFraction' | 'longWindowMs'>
> = [
  {
    name: 'page-1h',
    severity: 'page',
    budgetFraction: 0.02,
    longWindowMs: HOUR_MS,
  },
  {
    name: 'page-6h',
    severity: 'page',
    budgetFraction: 0.05,
    longWindowMs: 6 * HOUR_MS,
  },
  {
    name: 'ticket-1d',
    severity: 'ticket',
    budgetFraction: 0.1,
    longWindowMs: DAY_MS,
  },
  {
    name: 'ticket-3d',
    severity: 'ticket',
    budgetFraction: 0.1,
    longWindowMs: 3 * DAY_MS,
  },
];

/**
 * The SRE Workbook's four multiwindow alerts for an SLO period, with the
 * factors computed for that period (30 days gives 14.4, 6, 3 and 1). The
 * budget fractions were tuned for 30 days: over 7 days the ticket factors
 * fall below 1, so those alerts fire on burns that would not exhaust the
 * budget, which is what spending 10% of a week's budget in a day means.
 *
 * @public
 */
export function defaultAlertWindows(periodMs: number): AlertWindow[] {
  return WORKBOOK_PAIRS.map(pair => ({
    ...pair,
    shortWindowMs: pair.longWindowMs / SHORT_WINDOW_DIVISOR,
    factor: requiredBurnRate({ ...pair, periodMs }),
  }));
}

/**
 * The alert windows an SLO's AlertPolicies define instead of the defaults:
 * one per burn-rate condition, its threshold as the factor and its lookback
 * window as the long window, with the short window a twelfth of it. The
 * budget fraction is what that factor spends of the period's budget.
 * `alertAfter` is not applied: the short window already keeps a blip from
 * firing, without delaying a real alert.
 *
 * @public
 */
export function alertWindowsFromPolicy(options: {
  policies: ReadonlyArray<{ spec: OpenSloAlertPolicySpec }>;
  periodMs: number;
}): AlertWindow[] {
  return options.policies.flatMap(policy =>
    policy.spec.conditions.map(({ metadata, spec }) => {
      // Validation guarantees a fixed-length lookback window.
      const longWindowMs = durationMs(spec.condition.lookbackWindow) ?? 0;
      const factor = spec.condition.threshold;
      return {
        name: metadata.name,
        severity: spec.severity,
        budgetFraction: (factor * longWindowMs) / options.periodMs,
        longWindowMs,
        shortWindowMs: longWindowMs / SHORT_WINDOW_DIVISOR,
        factor,
      };
    }),
  );
}

/**
 * Burn rates measured for one alert window; undefined where the window had
 * no events.
 *
 * @public
 */
export type WindowBurn = {
  window: AlertWindow;
  longBurn: number | undefined;
  shortBurn: number | undefined;
};

/** @public */
export type AlertEvaluation = WindowBurn & { firing: boolean };

/**
 * Whether one multiwindow alert fires: only when both windows burn at or
 * above the factor (inclusive, as OpenSLO's `op: gte`). A window without
 * events does not fire.
 *
 * @public
 */
export function evaluateAlert(burn: WindowBurn): AlertEvaluation {
  const { factor } = burn.window;
  const firing =
    burn.longBurn !== undefined &&
    burn.shortBurn !== undefined &&
    burn.longBurn >= factor &&
    burn.shortBurn >= factor;
  return { ...burn, firing };
}

const SEVERITY_RANK: Record<AlertSeverity, number> = { page: 0, ticket: 1 };

/**
 * Evaluates every alert window of an SLO. `firing` is ordered most severe
 * first: pages before tickets, then the faster burn (higher factor), so
 * `mostSevere` is the one to notify with.
 *
 * @public
 */
export function evaluateAlerts(options: { burns: WindowBurn[] }): {
  evaluations: AlertEvaluation[];
  firing: AlertEvaluation[];
  mostSevere: AlertEvaluation | undefined;
} {
  const evaluations = options.burns.map(evaluateAlert);
  const firing = evaluations
    .filter(e => e.firing)
    .sort(
      (a, b) =>
        SEVERITY_RANK[a.window.severity] - SEVERITY_RANK[b.window.severity] ||
        b.window.factor - a.window.factor,
    );
  return { evaluations, firing, mostSevere: firing[0] };
}
