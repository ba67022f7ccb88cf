import type { OpenSloTimeWindow } from '../openslo/schemas';
import { AlertWindow, defaultAlertWindows } from '../math/alertWindows';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../math/time';
import {
  previousQuarters,
  Quarter,
  quarterOf,
  resolveWindow,
  ResolvedWindow,
} from '../math/windows';

/** A window whose good and total counts an evaluation needs. @public */
export type CountWindow = { fromMs: number; toMs: number };

/** The burn rates every SLO reports, besides its alert windows. @public */
export const BURN_RATE_WINDOWS: ReadonlyArray<{
  name: string;
  durationMs: number;
}> = [
  { name: '5m', durationMs: 5 * MINUTE_MS },
  { name: '30m', durationMs: 30 * MINUTE_MS },
  { name: '1h', durationMs: HOUR_MS },
  { name: '2h', durationMs: 2 * HOUR_MS },
  { name: '6h', durationMs: 6 * HOUR_MS },
  { name: '1d', durationMs: DAY_MS },
  { name: '3d', durationMs: 3 * DAY_MS },
];

/** Slices above this count are not fetched: the SLO is reported unsupported. */
export const MAX_TIME_SLICES = 2000;

/**
 * Everything one SLO's evaluation reads, as windows: the SLO window, each
 * burn-rate and alert window ending now, the days of the burn-down, the
 * time slices (for Timeslices methods), and the quarters of the compliance
 * history. Windows are plain [from, to) pairs so that evaluations of many
 * SLOs can share one fetch of each distinct window.
 *
 * @public
 */
export type SloPlan = {
  window: ResolvedWindow;
  burnWindows: Array<{ name: string; window: CountWindow }>;
  alertWindows: Array<{
    alert: AlertWindow;
    long: CountWindow;
    short: CountWindow;
  }>;
  days: CountWindow[];
  slices?: CountWindow[];
  quarters: Array<{ quarter: Quarter; window: CountWindow }>;
  /** Why the SLO cannot be evaluated, when it cannot. */
  unsupported?: string;
};

/** @public */
export function planSloEvaluation(options: {
  timeWindow: OpenSloTimeWindow;
  nowMs: number;
  alertWindows?: AlertWindow[];
  timeSliceWindowMs?: number;
  quartersOfHistory?: number;
}): SloPlan | undefined {
  const { nowMs } = options;
  const window = resolveWindow({ timeWindow: options.timeWindow, nowMs });
  if (!window) return undefined;
  const ending = (durationMs: number): CountWindow => ({
    fromMs: nowMs - durationMs,
    toMs: nowMs,
  });

  const plan: SloPlan = {
    window,
    burnWindows: [
      ...BURN_RATE_WINDOWS.map(b => ({
        name: b.name,
        window: ending(b.durationMs),
      })),
      { name: 'window', window: { fromMs: window.fromMs, toMs: window.toMs } },
    ],
    alertWindows: (
      options.alertWindows ?? defaultAlertWindows(window.periodMs)
    ).map(alert => ({
      alert,
      long: ending(alert.longWindowMs),
      short: ending(alert.shortWindowMs),
    })),
    days: daysOf(window),
    quarters: [
      quarterOf(nowMs),
      ...previousQuarters({ nowMs, count: options.quartersOfHistory ?? 4 }),
    ].map(quarter => ({
      quarter,
      window: { fromMs: quarter.fromMs, toMs: Math.min(quarter.toMs, nowMs) },
    })),
  };

  if (options.timeSliceWindowMs !== undefined) {
    const count = Math.ceil(
      (window.toMs - window.fromMs) / options.timeSliceWindowMs,
    );
    if (count > MAX_TIME_SLICES) {
      plan.unsupported = `${count} time slices of ${options.timeSliceWindowMs} ms in the window; at most ${MAX_TIME_SLICES} are evaluated: use a longer timeSliceWindow`;
    } else {
      plan.slices = [];
      for (
        let from = window.fromMs;
        from < window.toMs;
        from += options.timeSliceWindowMs
      ) {
        plan.slices.push({
          fromMs: from,
          toMs: Math.min(from + options.timeSliceWindowMs, window.toMs),
        });
      }
    }
  }
  return plan;
}

/** The UTC days of a window, the first and last possibly partial. */
function daysOf(window: ResolvedWindow): CountWindow[] {
  const days: CountWindow[] = [];
  let from = window.fromMs;
  while (from < window.toMs) {
    const to = Math.min((Math.floor(from / DAY_MS) + 1) * DAY_MS, window.toMs);
    days.push({ fromMs: from, toMs: to });
    from = to;
  }
  return days;
}

/** Every distinct window of a set of plans, for one batched fetch. @public */
export function windowsOfPlans(plans: SloPlan[]): CountWindow[] {
  const seen = new Map<string, CountWindow>();
  const add = (w: CountWindow) => seen.set(windowKey(w), w);
  for (const plan of plans) {
    plan.burnWindows.forEach(b => add(b.window));
    plan.alertWindows.forEach(a => {
      add(a.long);
      add(a.short);
    });
    plan.days.forEach(add);
    plan.slices?.forEach(add);
    plan.quarters.forEach(q => add(q.window));
  }
  return [...seen.values()];
}

/** @public */
export function windowKey(window: CountWindow): string {
  return `${window.fromMs}:${window.toMs}`;
}
