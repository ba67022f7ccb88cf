import type { OpenSloTimeWindow } from '../openslo/schemas';
import { CALENDAR_MONTHS, calendarStartMs, durationMs } from '../openslo/time';

/**
 * The stretch of time an SLO is evaluated over now. `periodMs` is the length
 * of the whole period, which budgets and burn rates are measured against;
 * for the current calendar month or quarter it is longer than
 * `toMs - fromMs`.
 *
 * @public
 */
export type ResolvedWindow = { fromMs: number; toMs: number; periodMs: number };

/** The calendar period of `months` months containing `ms`, in UTC. */
function calendarPeriod(
  ms: number,
  months: number,
): { year: number; index: number; fromMs: number; toMs: number } {
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  const index = Math.floor(date.getUTCMonth() / months);
  // Date.UTC carries month 12 into January of the next year.
  return {
    year,
    index,
    fromMs: Date.UTC(year, index * months, 1),
    toMs: Date.UTC(year, (index + 1) * months, 1),
  };
}

/**
 * The window an SLO's time window covers at `nowMs`: the last N days or
 * weeks for a rolling window; for a calendar window the current UTC month or
 * quarter so far. Undefined before a calendar window's start time, when
 * there is nothing to evaluate yet.
 *
 * @public
 */
export function resolveWindow(options: {
  timeWindow: OpenSloTimeWindow;
  nowMs: number;
}): ResolvedWindow | undefined {
  const { timeWindow, nowMs } = options;
  if (timeWindow.isRolling) {
    const periodMs = durationMs(timeWindow.duration);
    return periodMs === undefined
      ? undefined
      : { fromMs: nowMs - periodMs, toMs: nowMs, periodMs };
  }
  const startMs = calendarStartMs(timeWindow.calendar.startTime);
  if (startMs === undefined || nowMs < startMs) {
    return undefined;
  }
  const period = calendarPeriod(nowMs, CALENDAR_MONTHS[timeWindow.duration]);
  return {
    fromMs: period.fromMs,
    toMs: nowMs,
    periodMs: period.toMs - period.fromMs,
  };
}

/**
 * A calendar quarter in UTC; `toMs` is the start of the next quarter.
 *
 * @public
 */
export type Quarter = {
  year: number;
  quarter: 1 | 2 | 3 | 4;
  fromMs: number;
  toMs: number;
};

/** The UTC calendar quarter containing `ms`. @public */
export function quarterOf(ms: number): Quarter {
  const { year, index, fromMs, toMs } = calendarPeriod(
    ms,
    CALENDAR_MONTHS['1Q'],
  );
  return { year, quarter: (index + 1) as Quarter['quarter'], fromMs, toMs };
}

/**
 * The `count` whole quarters before the one containing `nowMs`, newest
 * first, the order compliance history is read in.
 *
 * @public
 */
export function previousQuarters(options: {
  nowMs: number;
  count: number;
}): Quarter[] {
  const quarters: Quarter[] = [];
  let ms = options.nowMs;
  for (let i = 0; i < options.count; i++) {
    const previous = quarterOf(quarterOf(ms).fromMs - 1);
    quarters.push(previous);
    ms = previous.fromMs;
  }
  return quarters;
}
