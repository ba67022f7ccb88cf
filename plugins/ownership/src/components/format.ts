/** A time in UTC to the minute: `2026-11-21 10:00 UTC`. */
export function formatUtc(ms: number): string {
  return `${new Date(ms).toISOString().replace('T', ' ').slice(0, 16)} UTC`;
}

/** A share 0..1 as a whole percentage; `–` when there is none. */
export function formatShare(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value)
    ? '–'
    : `${Math.round(value * 100)}%`;
}

/** A duration in the largest unit that keeps it readable: `45 s`, `12 min`, `3.5 h`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 360_000) / 10} h`;
}
