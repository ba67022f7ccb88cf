import { AlertSeverity, evaluateAlerts } from '../math/alertWindows';
import { sliOverWindow, BudgetingMethod } from '../math/budgetingMethods';
import { burnRate, EventCounts } from '../math/burnRate';
import { complianceVerdict, ComplianceVerdict } from '../math/compliance';
import { tooFewEvents, wilsonInterval } from '../math/confidence';
import {
  burnDown,
  BurnDownPoint,
  errorBudget,
  ErrorBudget,
} from '../math/errorBudget';
import { ErrorBudgetPolicy, gateDecision, GateDecision } from '../math/gate';
import { CountWindow, SloPlan, windowKey } from './plan';

/** The state of an SLO's SLI over its window. @public */
export type SloState = 'ok' | 'too-few-events' | 'no-data' | 'unsupported';

/** One evaluation of one SLO: what the API serves and the UI shows. @public */
export type SloEvaluation = {
  evaluatedAt: number;
  state: SloState;
  reason?: string;
  objective: number;
  window: { fromMs: number; toMs: number; periodMs: number };
  sli: {
    good: number;
    total: number;
    ratio?: number;
    /** Wilson score 95% interval of the good ratio. */
    interval?: { lower: number; upper: number };
  };
  budget: ErrorBudget;
  burnRates: Array<{
    name: string;
    fromMs: number;
    toMs: number;
    burnRate?: number;
  }>;
  alerts: Array<{
    name: string;
    severity: AlertSeverity;
    factor: number;
    longWindowMs: number;
    shortWindowMs: number;
    longBurn?: number;
    shortBurn?: number;
    /** Bad events in the long window: what an episode starting now has spent. */
    longBad: number;
    firing: boolean;
  }>;
  /** The most severe firing alert, if any. */
  firing?: { name: string; severity: AlertSeverity };
  gate: GateDecision;
  policy: ErrorBudgetPolicy;
  burnDown: BurnDownPoint[];
  quarters: Array<{
    year: number;
    quarter: 1 | 2 | 3 | 4;
    fromMs: number;
    toMs: number;
    good: number;
    total: number;
    verdict: ComplianceVerdict;
  }>;
};

const ZERO: EventCounts = { good: 0, total: 0 };

/**
 * Evaluates one SLO from the counts of its plan's windows. Counts are summed
 * (never averaged) everywhere except RatioTimeslices, whose definition is an
 * average of slice ratios.
 *
 * @public
 */
export function evaluateSlo(options: {
  plan: SloPlan;
  counts: ReadonlyMap<string, EventCounts>;
  objective: number;
  budgetingMethod: BudgetingMethod;
  timeSliceTarget?: number;
  policy: ErrorBudgetPolicy;
  nowMs: number;
}): SloEvaluation {
  const { plan, objective, policy } = options;
  const countsOf = (w: CountWindow) => options.counts.get(windowKey(w)) ?? ZERO;
  const badOf = (w: CountWindow) => {
    const c = countsOf(w);
    return c.total - c.good;
  };
  const burnOf = (w: CountWindow) => {
    const c = countsOf(w);
    return c.total > 0
      ? burnRate({ errorRatio: (c.total - c.good) / c.total, objective })
      : undefined;
  };

  const whole = countsOf({
    fromMs: plan.window.fromMs,
    toMs: plan.window.toMs,
  });
  const sli = windowSli(options, countsOf, whole);
  const budget = errorBudget({ ...sli, objective });
  const alerts = evaluateAlerts({
    burns: plan.alertWindows.map(a => ({
      window: a.alert,
      longBurn: burnOf(a.long),
      shortBurn: burnOf(a.short),
    })),
  });

  let state: SloState = 'ok';
  if (plan.unsupported) state = 'unsupported';
  else if (sli.total === 0) state = 'no-data';
  else if (tooFewEvents({ total: sli.total, objective }))
    state = 'too-few-events';

  return {
    evaluatedAt: options.nowMs,
    state,
    reason: plan.unsupported,
    objective,
    window: plan.window,
    sli: {
      ...sli,
      interval: wilsonInterval(sli),
    },
    budget,
    burnRates: plan.burnWindows.map(b => ({
      name: b.name,
      ...b.window,
      burnRate: burnOf(b.window),
    })),
    alerts: alerts.evaluations.map((e, index) => ({
      name: e.window.name,
      severity: e.window.severity,
      factor: e.window.factor,
      longWindowMs: e.window.longWindowMs,
      shortWindowMs: e.window.shortWindowMs,
      longBurn: e.longBurn,
      shortBurn: e.shortBurn,
      longBad: badOf(plan.alertWindows[index].long),
      firing: e.firing,
    })),
    firing: alerts.mostSevere
      ? {
          name: alerts.mostSevere.window.name,
          severity: alerts.mostSevere.window.severity,
        }
      : undefined,
    gate:
      state === 'ok' || state === 'too-few-events'
        ? gateDecision({ consumedFraction: budget.consumedFraction, ...policy })
        : 'allow',
    policy,
    burnDown: burnDown({
      points: plan.days.map(d => ({ timeMs: d.toMs, ...countsOf(d) })),
      objective,
    }),
    quarters: plan.quarters.map(({ quarter, window }) => {
      const c = countsOf(window);
      return {
        year: quarter.year,
        quarter: quarter.quarter,
        fromMs: window.fromMs,
        toMs: window.toMs,
        ...c,
        verdict: complianceVerdict({ ...c, objective }),
      };
    }),
  };
}

function windowSli(
  options: {
    plan: SloPlan;
    budgetingMethod: BudgetingMethod;
    timeSliceTarget?: number;
  },
  countsOf: (w: CountWindow) => EventCounts,
  whole: EventCounts,
): { good: number; total: number; ratio?: number } {
  const { plan, budgetingMethod } = options;
  if (budgetingMethod === 'Occurrences' || !plan.slices) {
    return {
      ...whole,
      ratio: whole.total > 0 ? whole.good / whole.total : undefined,
    };
  }
  const slices = plan.slices.map(countsOf);
  return budgetingMethod === 'Timeslices'
    ? sliOverWindow({
        method: 'Timeslices',
        slices,
        timeSliceTarget: options.timeSliceTarget ?? 1,
      })
    : sliOverWindow({ method: 'RatioTimeslices', slices });
}
