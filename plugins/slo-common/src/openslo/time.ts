const UNIT_MS: Record<string, number> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const FIXED_DURATION = /^(\d+)([mhdw])$/;

/**
 * The length of an OpenSLO duration shorthand with a fixed length (minutes
 * `m`, hours `h`, days `d`, weeks `w`), or of a bare number, which OpenSLO
 * reads as minutes. Undefined for calendar units (`M`, `Q`, `Y`), whose
 * length depends on the date, and for anything else.
 *
 * @public
 */
export function durationMs(duration: string | number): number | undefined {
  if (typeof duration === 'number') {
    return Number.isFinite(duration) && duration >= 0
      ? duration * UNIT_MS.m
      : undefined;
  }
  const match = FIXED_DURATION.exec(duration);
  return match ? Number(match[1]) * UNIT_MS[match[2]] : undefined;
}

/** Rolling SLO windows are whole days or weeks: `28d`, `4w`. */
export const ROLLING_DURATION = /^[1-9]\d*[dw]$/;

/** Months per calendar-aligned window Steward supports. */
export const CALENDAR_MONTHS = { '1M': 1, '1Q': 3 } as const;

/** @public */
export type CalendarDuration = keyof typeof CALENDAR_MONTHS;

export function isCalendarDuration(value: string): value is CalendarDuration {
  return Object.hasOwn(CALENDAR_MONTHS, value);
}

const START_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/**
 * An OpenSLO `calendar.startTime` (`2026-01-01 00:00:00`, no zone) read as
 * UTC, or undefined when it is not a real date and time.
 */
export function calendarStartMs(startTime: string): number | undefined {
  const match = START_TIME.exec(startTime);
  if (!match) {
    return undefined;
  }
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 2026-02-30 over into March; a round trip catches it.
  const date = new Date(ms);
  const same =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  return same ? ms : undefined;
}
