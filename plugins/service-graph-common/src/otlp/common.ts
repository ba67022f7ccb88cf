import { AttributeValue, SpanKind } from '../spans';

/** Attribute maps as SpanRecord stores them. */
export type Attributes = Record<string, AttributeValue>;

/**
 * Returned by value decoders instead of throwing, so that one bad value
 * rejects its span without the cost of an exception per span.
 */
export const INVALID: unique symbol = Symbol('invalid');
export type Invalid = typeof INVALID;

/**
 * Nested array/kvlist values are decoded recursively; a hostile body could
 * nest deeply enough to overflow the stack, which must not escape as a
 * RangeError.
 */
export const MAX_VALUE_DEPTH = 32;

export const DEFAULT_MAX_ERRORS = 10;

/** OTLP `Status.code` for ERROR. */
export const STATUS_CODE_ERROR = 2;

export const TRACE_ID_BYTES = 16;
export const SPAN_ID_BYTES = 8;

/**
 * Keeps a bounded list of distinct messages: one bad exporter can send
 * thousands of identical mistakes, and the reply only needs examples.
 */
export class ErrorLog {
  readonly messages: string[] = [];
  private readonly max: number;

  constructor(max: number | undefined) {
    this.max = max === undefined ? DEFAULT_MAX_ERRORS : Math.max(0, max);
  }

  /** Cheap to call often: building the message is the caller's cost. */
  get full(): boolean {
    return this.messages.length >= this.max;
  }

  add(message: string): void {
    if (!this.full && !this.messages.includes(message)) {
      this.messages.push(message);
    }
  }
}

/**
 * Assigning `__proto__` on a plain object would change its prototype instead
 * of storing the attribute; every other key takes the fast path.
 */
export function setAttribute(
  target: Record<string, unknown>,
  key: string,
  value: unknown,
): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}

/**
 * Arrays and kvlists have no AttributeValue of their own; a JSON rendering
 * keeps them searchable and displayable without widening the type.
 */
export function toAttributeValue(plain: unknown): AttributeValue | undefined {
  if (plain === null || plain === undefined) {
    return undefined;
  }
  if (typeof plain === 'object') {
    return JSON.stringify(plain);
  }
  return plain as AttributeValue;
}

/** Out-of-range kinds become UNSPECIFIED rather than rejecting the span. */
export function spanKindOf(code: number): SpanKind {
  return code >= 0 && code <= 5 && code === (code | 0)
    ? (code as SpanKind)
    : SpanKind.UNSPECIFIED;
}

const BASE64 =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard padded base64, as OTLP/JSON carries `bytesValue`. */
export function toBase64(
  bytes: Uint8Array,
  start: number,
  end: number,
): string {
  let out = '';
  let i = start;
  for (; i + 3 <= end; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out +=
      BASE64[n >> 18] +
      BASE64[(n >> 12) & 63] +
      BASE64[(n >> 6) & 63] +
      BASE64[n & 63];
  }
  const rest = end - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += `${BASE64[n >> 18]}${BASE64[(n >> 12) & 63]}==`;
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += `${BASE64[n >> 18]}${BASE64[(n >> 12) & 63]}${
      BASE64[(n >> 6) & 63]
    }=`;
  }
  return out;
}

/** For messages: what a JSON value is, in the words of the JSON spec. */
export function describeJsonType(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'array';
  }
  return typeof value;
}

/**
 * Where and why a value failed, recorded by the innermost decoder and
 * extended with outer path segments as the failure returns outwards. Paths
 * are only ever built on this error path, never for valid spans.
 */
export class FailureNote {
  field = '';
  rule = '';

  set(field: string, rule: string): void {
    this.field = field;
    this.rule = rule;
  }

  prefix(segment: string): void {
    const inner = this.field;
    if (inner === '') {
      this.field = segment;
    } else if (inner.charCodeAt(0) === 91 /* [ */) {
      this.field = segment + inner;
    } else {
      this.field = `${segment}.${inner}`;
    }
  }

  /** The message for the value at `path` (the failure's outermost owner). */
  render(path: string): string {
    const field = this.field;
    let sep = '.';
    if (field === '' || field.charCodeAt(0) === 91) {
      sep = '';
    }
    return `${path}${sep}${field}: ${this.rule}`;
  }
}

/**
 * Unix nanoseconds given as two uint32 halves, in milliseconds. `hi * 2^32 +
 * lo` as one double is 256 ns coarse at today's timestamps, which turns a
 * whole 250 ms into 249.9998; splitting 2^32 = 4294 × 10^6 + 967296 keeps
 * every intermediate an exact integer and rounds once at the end.
 */
export function nanosHiLoToMs(hi: number, lo: number): number {
  const t = hi * 967296 + lo;
  const subMs = t % 1e6;
  return hi * 4294 + (t - subMs) / 1e6 + subMs / 1e6;
}

/**
 * ASCII decimal Unix nanoseconds in `bytes[start..end)` in milliseconds,
 * split into whole milliseconds and the rest for the same reason as
 * `nanosHiLoToMs`. NaN if it is not a plain unsigned decimal of 1 to 20
 * digits.
 */
export function decimalNanosBytesToMs(
  bytes: ArrayLike<number>,
  start: number,
  end: number,
): number {
  const length = end - start;
  if (length <= 0 || length > 20) {
    return NaN;
  }
  const split = end - 6;
  let ms = 0;
  let rest = 0;
  for (let i = start; i < end; i++) {
    const digit = bytes[i] - 48;
    if (!(digit >= 0 && digit <= 9)) {
      return NaN;
    }
    if (i < split) {
      ms = ms * 10 + digit;
    } else {
      rest = rest * 10 + digit;
    }
  }
  return ms + rest / 1e6;
}

/** `decimalNanosBytesToMs` for a string (whose UTF-16 units stand in). */
export function decimalNanosToMs(text: string): number {
  const units = new Array<number>(text.length);
  for (let i = 0; i < text.length; i++) {
    units[i] = text.charCodeAt(i);
  }
  return decimalNanosBytesToMs(units, 0, units.length);
}
