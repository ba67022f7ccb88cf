import { HIGH, LOW } from './otlp/hex';
import type { SpanRecord } from './spans';

/** murmur3's finaliser: spreads every input bit over the output. */
function mix32(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const LOW_BITS = 2 ** 21;
const SEED_A = 0x811c9dc5;
const SEED_B = 0x9747b28c;
const SEPARATOR = 0x2f;

// The two lanes of a fingerprint being computed, module state rather than a
// returned pair: it runs for every span, and a pair would be an allocation.
let laneA = 0;
let laneB = 0;
// The lanes after the trace id last given to `traceFingerprintAt` and the
// separator: where its spans start from.
let traceA = 0;
let traceB = 0;

/**
 * One step of both lanes over a word of four id characters: ids are hex,
 * eight bits a character, so four make one 32-bit word and one
 * multiplication per lane (one per character cost twice the time).
 */
function step(word: number): void {
  let a = Math.imul(laneA ^ word, 0x01000193);
  a ^= a >>> 15;
  let b = Math.imul(laneB ^ word, 0x5bd1e995);
  b ^= b >>> 13;
  laneA = a;
  laneB = b;
}

function fold(text: string): void {
  const length = text.length;
  let i = 0;
  for (; i + 3 < length; i += 4) {
    step(
      text.charCodeAt(i) |
        (text.charCodeAt(i + 1) << 8) |
        (text.charCodeAt(i + 2) << 16) |
        (text.charCodeAt(i + 3) << 24),
    );
  }
  for (; i < length; i++) {
    foldCharacter(text.charCodeAt(i));
  }
}

/** One step of both lanes over a single character. */
function foldCharacter(c: number): void {
  laneA = Math.imul(laneA ^ c, 0x01000193);
  laneB = Math.imul(laneB ^ c, 0x5bd1e995);
}

/** The words of `chars` hex characters written as text in `view` at `at`. */
function foldHex(view: DataView, at: number, chars: number): void {
  for (let i = 0; i < chars; i += 4) {
    step(view.getInt32(at + i, true));
  }
}

/**
 * The words of the hex text of `count` raw id bytes at `at`: two bytes
 * spell four characters.
 */
function foldBytes(bytes: Uint8Array, at: number, count: number): void {
  for (let i = at; i < at + count; i += 2) {
    const first = bytes[i];
    const second = bytes[i + 1];
    step(
      HIGH[first] |
        (LOW[first] << 8) |
        (HIGH[second] << 16) |
        (LOW[second] << 24),
    );
  }
}


function finish(): number {
  const fingerprint = mix32(laneA) * LOW_BITS + (mix32(laneB) >>> 11);
  return fingerprint === 0 ? 1 : fingerprint;
}

/**
 * A 53-bit fingerprint of (traceId, spanId), never 0: two independent
 * 32-bit multiplicative lanes, 32 + 21 bits of them kept. Computed from the
 * characters, so no key string is built, flattened or retained. The
 * fingerprint of a trace is that of (traceId, '').
 *
 * The decoders compute the same numbers from the bytes they read
 * (`traceFingerprintAt`, `spanFingerprintAt`) and hand them over on each
 * `SpanRecord`, so that pairing and the trace buffer need not hash the id
 * strings again.
 *
 * @public
 */
export function spanFingerprint(traceId: string, spanId: string): number {
  laneA = SEED_A;
  laneB = SEED_B;
  fold(traceId);
  // A separator, so that ("ab", "c") and ("a", "bc") differ.
  foldCharacter(SEPARATOR);
  fold(spanId);
  return finish();
}

function startTrace(): number {
  foldCharacter(SEPARATOR);
  traceA = laneA;
  traceB = laneB;
  return finish();
}

/**
 * A request's bytes as a decoder reads ids from them: written as lowercase
 * hex text (OTLP/JSON, read a word of four characters at a time through
 * `view`) or raw (OTLP/protobuf, two bytes spelling four characters).
 *
 * @public
 */
export type IdBytes = { bytes: Uint8Array; view: DataView; hex: boolean };

/** The bytes of a request whose ids are written as `hex` text or raw. @public */
export function idBytes(bytes: Uint8Array, hex: boolean): IdBytes {
  return {
    bytes,
    view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    hex,
  };
}

function foldId(id: IdBytes, at: number, byteCount: number): void {
  if (id.hex) {
    foldHex(id.view, at, byteCount * 2);
  } else {
    foldBytes(id.bytes, at, byteCount);
  }
}

/**
 * `spanFingerprint(traceId, '')` of the trace id at `at`; later calls of
 * `spanFingerprintAt` fingerprint spans of this trace.
 *
 * @public
 */
export function traceFingerprintAt(id: IdBytes, at: number): number {
  laneA = SEED_A;
  laneB = SEED_B;
  foldId(id, at, 16);
  return startTrace();
}

/**
 * `spanFingerprint(traceId, spanId)` of the span id at `at`, in the trace
 * last given to `traceFingerprintAt`.
 *
 * @public
 */
export function spanFingerprintAt(id: IdBytes, at: number): number {
  laneA = traceA;
  laneB = traceB;
  foldId(id, at, 8);
  return finish();
}

/** A record's `spanFingerprint`: its decoder's, else computed. @public */
export function spanFingerprintOf(
  span: Pick<SpanRecord, 'traceId' | 'spanId' | 'spanFingerprint'>,
): number {
  return span.spanFingerprint ?? spanFingerprint(span.traceId, span.spanId);
}

/** A record's `traceFingerprint`: its decoder's, else computed. @public */
export function traceFingerprintOf(
  span: Pick<SpanRecord, 'traceId' | 'traceFingerprint'>,
): number {
  return span.traceFingerprint ?? spanFingerprint(span.traceId, '');
}

/**
 * A record's `parentFingerprint`: its decoder's, else computed; the span
 * must have a parent.
 *
 * @public
 */
export function parentFingerprintOf(
  span: Pick<SpanRecord, 'traceId' | 'parentSpanId' | 'parentFingerprint'>,
): number {
  return (
    span.parentFingerprint ?? spanFingerprint(span.traceId, span.parentSpanId!)
  );
}
