/** @public */
export const DEFAULT_GROUP_WINDOW_MS = 60 * 60 * 1000;

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = 0xffffffffffffffffn;

/**
 * FNV-1a, 64 bits, over UTF-8: deterministic in every runtime and needs no
 * crypto API (this runs in browsers too). 64 bits keep accidental
 * collisions away for any number of distinct alerts an org will have.
 */
function fnv1a64(text: string): string {
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    hash = ((hash ^ BigInt(byte)) * FNV_PRIME) & MASK_64;
  }
  return hash.toString(16).padStart(16, '0');
}

/**
 * The identity of an alert for deduplication: the culprit service the
 * trace walk found and the alert's name, plus any labels that should keep
 * alerts apart (an environment, a region). Label order does not matter;
 * the time, the trace and the message do not count, so every repeat of one
 * problem shares a fingerprint.
 *
 * @public
 */
export function alertFingerprint(options: {
  alertName: string;
  service: string;
  labels?: Readonly<Record<string, string>>;
}): string {
  // Code-unit order, not localeCompare: the same in every runtime and
  // locale. Keys of one object are distinct, so there are no ties.
  const labels = Object.entries(options.labels ?? {}).sort(([a], [b]) =>
    a < b ? -1 : 1,
  );
  // JSON keeps the parts apart: no choice of separator can be forged by a
  // name that contains it.
  return fnv1a64(
    JSON.stringify([options.alertName.trim(), options.service.trim(), labels]),
  );
}

/**
 * The key that groups repeats of one alert into one notification: its
 * fingerprint and the window of `windowMs` (default one hour, aligned to
 * the Unix epoch) it fired in. It is computed from the alert alone, so
 * every backend replica puts an alert in the same group without sharing
 * state; the price is that a burst straddling a window boundary notifies
 * twice, never more.
 *
 * @public
 */
export function groupKey(options: {
  fingerprint: string;
  atMs: number;
  windowMs?: number;
}): string {
  const windowMs = options.windowMs ?? DEFAULT_GROUP_WINDOW_MS;
  const windowStart = Math.floor(options.atMs / windowMs) * windowMs;
  return `${options.fingerprint}@${new Date(windowStart).toISOString()}`;
}
