export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar date `YYYY-MM-DD` as its parts, or undefined when the string is
 * not one or names a day that does not exist (2026-02-30): `Date` would
 * silently roll that over into March.
 */
export function parseIsoDate(
  value: string,
): { year: number; month: number; day: number } | undefined {
  const match = ISO_DATE.exec(value);
  if (!match) {
    return undefined;
  }
  const [year, month, day] = match.slice(1).map(Number);
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    return undefined;
  }
  return { year, month, day };
}

// Date.parse accepts many formats and differs between engines; documents
// written by people get the one format everyone reads the same way.
const ISO_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 date-time with an offset, as Unix ms; undefined otherwise. */
export function parseIsoDateTime(value: string): number | undefined {
  if (!ISO_DATE_TIME.test(value) || !parseIsoDate(value.slice(0, 10))) {
    return undefined;
  }
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** An ISO date (UTC midnight) or date-time, as Unix ms; undefined otherwise. */
export function parseIsoInstant(value: string): number | undefined {
  const date = parseIsoDate(value);
  if (date) {
    return Date.UTC(date.year, date.month - 1, date.day);
  }
  return parseIsoDateTime(value);
}
