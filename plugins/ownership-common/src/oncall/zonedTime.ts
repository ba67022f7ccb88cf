import { DAY_MS, MINUTE_MS } from '../shared/time';

/**
 * A local calendar date and time of day, as a wall clock in some time zone
 * shows it. Months are 1..12.
 *
 * @public
 */
export type WallClock = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
};

// Building a formatter costs far more than using one; rotations ask for the
// same few zones over and over.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      // h23, not hour12: false, which some ICU versions render midnight as 24.
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/**
 * Whether `value` names an IANA time zone this runtime knows. Intl also
 * accepts fixed offsets (`+01:00`), which would silently ignore daylight
 * saving time; a rotation wants the zone its people live in.
 *
 * @public
 */
export function isTimeZone(value: string): boolean {
  if (value === '' || /^[+-]/.test(value)) {
    return false;
  }
  try {
    formatter(value);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock and seconds at an instant, as if that clock were UTC. */
function localAsUtcMs(ms: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(ms)) {
    if (part.type !== 'literal') {
      parts[part.type] = Number(part.value);
    }
  }
  return Date.UTC(
    parts.year,
    parts.month - 1,
    parts.day,
    parts.hour,
    parts.minute,
    parts.second,
  );
}

/** The zone's offset from UTC at an instant (+3_600_000 for UTC+1). */
function offsetMs(ms: number, timeZone: string): number {
  return localAsUtcMs(ms, timeZone) - Math.floor(ms / 1000) * 1000;
}

/**
 * The wall clock in `timeZone` at the instant `ms`.
 *
 * @public
 */
export function wallClockAt(ms: number, timeZone: string): WallClock {
  const local = new Date(localAsUtcMs(ms, timeZone));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
  };
}

function wallAsUtcMs(wall: WallClock): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
}

/**
 * The instant at which clocks in `timeZone` show `wall`.
 *
 * Around a daylight-saving change a wall time can name no instant or two.
 * In the skipped hour (02:30 on a spring-forward night in New York) this is
 * the first instant after the gap, the moment of the change (03:00 local):
 * a handoff set in the gap happens as soon as the clock allows. In the
 * repeated hour (01:30 on a fall-back night) it is the first occurrence: the
 * handoff happens when the clock first shows that time.
 *
 * @public
 */
export function wallClockToUtc(wall: WallClock, timeZone: string): number {
  const naive = wallAsUtcMs(wall);
  // The offsets a day either side bracket any change near this wall time;
  // zones do not change twice in two days.
  const offsetBefore = offsetMs(naive - DAY_MS, timeZone);
  const offsetAfter = offsetMs(naive + DAY_MS, timeZone);
  const candidates = [naive - offsetBefore, naive - offsetAfter]
    .filter(ms => localAsUtcMs(ms, timeZone) === naive)
    .sort((a, b) => a - b);
  if (candidates.length > 0) {
    return candidates[0];
  }
  // A gap: clocks jumped from before `wall` to after it. The change lies
  // between the two candidates; find its first minute by bisection.
  let lo = Math.floor((naive - offsetAfter) / MINUTE_MS);
  let hi = Math.ceil((naive - offsetBefore) / MINUTE_MS);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetMs(mid * MINUTE_MS, timeZone) === offsetBefore) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return hi * MINUTE_MS;
}

/** A calendar date moved by whole days (local days, not 24-hour spans). */
export function addDays(
  date: { year: number; month: number; day: number },
  days: number,
): { year: number; month: number; day: number } {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return {
    year: moved.getUTCFullYear(),
    month: moved.getUTCMonth() + 1,
    day: moved.getUTCDate(),
  };
}

/** 0 = Sunday .. 6 = Saturday, of a calendar date (no time zone involved). */
export function dayOfWeek(date: {
  year: number;
  month: number;
  day: number;
}): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}
