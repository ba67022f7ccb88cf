/** murmur3's finaliser: spreads every input bit over the output. */
function mix32(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const LOW_BITS = 2 ** 21;

// The two lanes of `spanFingerprint`, module state rather than a returned
// pair: it runs several times per span, and a pair would be an allocation.
let laneA = 0;
let laneB = 0;

/**
 * Folds `text` into the lanes four characters at a time: ids are hex, eight
 * bits a character, so four make one 32-bit word and one multiplication per
 * lane (one per character cost twice the time).
 */
function fold(text: string): void {
  let a = laneA;
  let b = laneB;
  const length = text.length;
  let i = 0;
  for (; i + 3 < length; i += 4) {
    const word =
      text.charCodeAt(i) |
      (text.charCodeAt(i + 1) << 8) |
      (text.charCodeAt(i + 2) << 16) |
      (text.charCodeAt(i + 3) << 24);
    a = Math.imul(a ^ word, 0x01000193);
    a ^= a >>> 15;
    b = Math.imul(b ^ word, 0x5bd1e995);
    b ^= b >>> 13;
  }
  for (; i < length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  laneA = a;
  laneB = b;
}

/**
 * A 53-bit fingerprint of (traceId, spanId), never 0: two independent
 * 32-bit multiplicative lanes, 32 + 21 bits of them kept. Computed from the
 * characters, so no key string is built, flattened or retained.
 */
export function spanFingerprint(traceId: string, spanId: string): number {
  laneA = 0x811c9dc5;
  laneB = 0x9747b28c;
  fold(traceId);
  // A separator, so that ("ab", "c") and ("a", "bc") differ.
  laneA = Math.imul(laneA ^ 0x2f, 0x01000193);
  laneB = Math.imul(laneB ^ 0x2f, 0x5bd1e995);
  fold(spanId);
  const fingerprint = mix32(laneA) * LOW_BITS + (mix32(laneB) >>> 11);
  return fingerprint === 0 ? 1 : fingerprint;
}

function nextPowerOfTwo(n: number): number {
  let power = 1;
  while (power < n) {
    power *= 2;
  }
  return power;
}

/**
 * Remembers recent span identities to recognise re-sent spans, in bounded
 * memory and without allocating per span. Fingerprints live in two
 * open-addressing tables of doubles (nothing for the GC to trace, unlike a
 * Set of id strings, whose survivors every young-generation collection
 * copies). New ids go into the current table; when it holds `window` ids it
 * becomes the previous one and the old previous is cleared for reuse. So
 * at least the last `window` and at most `2 × window` distinct ids are
 * remembered, in 2 × 8 × nextPow2(2 × window) bytes (4 MiB for 100 000).
 *
 * A span is wrongly taken for a duplicate only if its fingerprint equals
 * one of the remembered ones: about 2 × window / 2^53 per span, 2e-11 for
 * a window of 100 000.
 *
 * @public
 */
export class RecentSpanIds {
  private current: Float64Array;
  private previous: Float64Array;
  private currentCount = 0;
  private readonly mask: number;
  private readonly window: number;

  constructor(window: number) {
    // Load factor at most one half keeps linear probes short.
    const capacity = nextPowerOfTwo(Math.max(2, window * 2));
    this.current = new Float64Array(capacity);
    this.previous = new Float64Array(capacity);
    this.mask = capacity - 1;
    this.window = window;
  }

  /** Whether the span of this `spanFingerprint` is remembered. */
  has(fingerprint: number): boolean {
    return this.slotFor(fingerprint) < 0;
  }

  /** Remembers the span of this `spanFingerprint`; true if it already was. */
  seenBefore(fingerprint: number): boolean {
    const i = this.slotFor(fingerprint);
    if (i < 0) {
      return true;
    }
    this.current[i] = fingerprint;
    this.currentCount++;
    if (this.currentCount >= this.window) {
      this.rotate();
    }
    return false;
  }

  /** -1 if `fingerprint` is remembered, else the free slot for it. */
  private slotFor(fingerprint: number): number {
    const mask = this.mask;
    // ToUint32 of an integer below 2^53 keeps its low 32 bits.
    const start = (fingerprint >>> 0) & mask;
    const previous = this.previous;
    for (let i = start; previous[i] !== 0; i = (i + 1) & mask) {
      if (previous[i] === fingerprint) {
        return -1;
      }
    }
    const current = this.current;
    let i = start;
    for (; current[i] !== 0; i = (i + 1) & mask) {
      if (current[i] === fingerprint) {
        return -1;
      }
    }
    return i;
  }

  private rotate(): void {
    const cleared = this.previous;
    cleared.fill(0);
    this.previous = this.current;
    this.current = cleared;
    this.currentCount = 0;
  }
}
