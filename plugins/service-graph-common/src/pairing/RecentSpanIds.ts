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
