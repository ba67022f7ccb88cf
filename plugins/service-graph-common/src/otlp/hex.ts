import { describeJsonType } from './common';

const HEX_BYTE: string[] = [];
for (let i = 0; i < 256; i++) {
  HEX_BYTE.push(i.toString(16).padStart(2, '0'));
}

/** Lowercase hex of `bytes[start..end)`; ids are 8 or 16 bytes. */
export function bytesToHex(
  bytes: Uint8Array,
  start: number,
  end: number,
): string {
  let out = '';
  for (let i = start; i < end; i++) {
    out += HEX_BYTE[bytes[i]];
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
