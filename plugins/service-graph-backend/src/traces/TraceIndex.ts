/**
 * Trace slots by the fingerprint of their trace id (`spanFingerprint(id,
 * '')`, never 0): open addressing over typed arrays, so that the index of
 * tens of thousands of buffered traces holds no object or string. Deletion
 * shifts the following entries back rather than leaving tombstones, which
 * keeps probes short however many traces come and go.
 */
export class TraceIndex {
  private readonly keys: Float64Array;
  private readonly slots: Int32Array;
  private readonly mask: number;

  private constructor(size: number) {
    this.keys = new Float64Array(size);
    this.slots = new Int32Array(size);
    this.mask = size - 1;
  }

  /** An index for at most `capacity` fingerprints at once. */
  static create(options: { capacity: number }): TraceIndex {
    // Load factor at most one half keeps linear probes short.
    let size = 2;
    while (size < options.capacity * 2) size *= 2;
    return new TraceIndex(size);
  }

  /** The slot stored for `fingerprint`, or -1. */
  get(fingerprint: number): number {
    const keys = this.keys;
    for (let i = this.home(fingerprint); keys[i] !== 0; i = this.step(i)) {
      if (keys[i] === fingerprint) return this.slots[i];
    }
    return -1;
  }

  /** Stores `slot` for a fingerprint not in the index. */
  set(fingerprint: number, slot: number): void {
    const keys = this.keys;
    let i = this.home(fingerprint);
    while (keys[i] !== 0) i = this.step(i);
    keys[i] = fingerprint;
    this.slots[i] = slot;
  }

  delete(fingerprint: number): void {
    const keys = this.keys;
    let hole = this.home(fingerprint);
    while (keys[hole] !== fingerprint) {
      if (keys[hole] === 0) return;
      hole = this.step(hole);
    }
    // Move back each later entry of the run that may sit in the hole:
    // one whose home is not cyclically within (hole, i].
    for (let i = this.step(hole); keys[i] !== 0; i = this.step(i)) {
      const home = this.home(keys[i]);
      const stays = hole < i ? home > hole && home <= i : home > hole || home <= i;
      if (!stays) {
        keys[hole] = keys[i];
        this.slots[hole] = this.slots[i];
        hole = i;
      }
    }
    keys[hole] = 0;
  }

  private home(fingerprint: number): number {
    // ToUint32 of an integer below 2^53 keeps its low 32 bits.
    return (fingerprint >>> 0) & this.mask;
  }

  private step(i: number): number {
    return (i + 1) & this.mask;
  }
}
