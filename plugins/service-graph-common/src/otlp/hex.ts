import { describeJsonType } from './common';

const DIGITS = '0123456789abcdef';
/** Char codes of each byte's two hex digits: the 256-entry lookup tables. */
export const HIGH = new Uint8Array(256);
export const LOW = new Uint8Array(256);
for (let i = 0; i < 256; i++) {
  HIGH[i] = DIGITS.charCodeAt(i >> 4);
  LOW[i] = DIGITS.charCodeAt(i & 15);
}

/**
 * Eight bytes as 16 hex digits in one flat string: a single fromCharCode
 * call is about twice as fast as concatenating per-byte strings, which
 * also leaves a rope to flatten when the id is hashed.
 */
function hex8(b: Uint8Array, p: number): string {
  return String.fromCharCode(
    HIGH[b[p]],
    LOW[b[p]],
    HIGH[b[p + 1]],
    LOW[b[p + 1]],
    HIGH[b[p + 2]],
    LOW[b[p + 2]],
    HIGH[b[p + 3]],
    LOW[b[p + 3]],
    HIGH[b[p + 4]],
    LOW[b[p + 4]],
    HIGH[b[p + 5]],
    LOW[b[p + 5]],
    HIGH[b[p + 6]],
    LOW[b[p + 6]],
    HIGH[b[p + 7]],
    LOW[b[p + 7]],
  );
}

/** Lowercase hex of `bytes[start..end)`; fast for 8- and 16-byte ids. */
export function bytesToHex(
  bytes: Uint8Array,
  start: number,
  end: number,
): string {
  const length = end - start;
  if (length === 8) {
    return hex8(bytes, start);
  }
  if (length === 16) {
    return hex8(bytes, start) + hex8(bytes, start + 8);
  }
  let out = '';
  for (let i = start; i < end; i++) {
    out += String.fromCharCode(HIGH[bytes[i]], LOW[bytes[i]]);
  }
  return out;
}

export function isAllZero(
  bytes: Uint8Array,
  start: number,
  end: number,
): boolean {
  let bits = 0;
  for (let i = start; i < end; i++) {
    bits |= bytes[i];
  }
  return bits === 0;
}

/**
 * The lowercase form of a valid, non-zero hex id of `chars` characters, or
 * undefined. One char-code pass: ids arrive once per span and a regex plus a
 * lowercase copy would double the work on the common (already lowercase) case.
 */
export function normalizeHexId(
  value: unknown,
  chars: number,
): string | undefined {
  if (typeof value !== 'string' || value.length !== chars) {
    return undefined;
  }
  let upper = false;
  let nonZero = 0;
  for (let i = 0; i < chars; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      nonZero |= c - 48;
    } else if (c >= 97 && c <= 102) {
      nonZero = 1;
    } else if (c >= 65 && c <= 70) {
      nonZero = 1;
      upper = true;
    } else {
      return undefined;
    }
  }
  if (nonZero === 0) {
    return undefined;
  }
  return upper ? value.toLowerCase() : value;
}

/** Why `normalizeHexId` refused a value; only called on the error path. */
export function hexIdProblem(value: unknown, chars: number): string {
  if (typeof value !== 'string') {
    return `must be a hex string, got ${describeJsonType(value)}`;
  }
  if (value.length !== chars) {
    return `must be ${chars} hex characters, got ${value.length}`;
  }
  for (let i = 0; i < value.length; i++) {
    if (!/[0-9a-fA-F]/.test(value[i])) {
      return `must be ${chars} hex characters, got ${JSON.stringify(
        value[i],
      )} at position ${i}`;
    }
  }
  return 'must not be all zeros';
}

/** The protobuf counterpart of `hexIdProblem`, for a `bytes` id. */
export function byteIdProblem(length: number, expected: number): string {
  return length === expected
    ? 'must not be all zeros'
    : `must be ${expected} bytes, got ${length}`;
}
