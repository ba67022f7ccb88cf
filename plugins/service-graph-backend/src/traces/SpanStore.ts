import {
  AttributeValue,
  decodeSpanBytes,
  SpanBytes,
  SpanRecord,
} from '@steward/plugin-service-graph-common';

/** What a span's bytes need besides themselves to decode whole. */
type Origin = {
  format: SpanBytes['format'];
  service: string;
  resource: Record<string, AttributeValue>;
};

type Slab = {
  readonly bytes: Uint8Array;
  /** Bytes written from the start. */
  used: number;
  /** Spans copied in and not yet released. */
  live: number;
  /** The origins of its spans, appended as they change. */
  origins: Origin[];
};

/**
 * Node's memmove between any two Uint8Arrays; `set` would need a view of
 * the span's bytes, an object per span costing most of the copy's time.
 */
const copyBytes = Buffer.prototype.copy;

/** The whole span of a record, decoding it again if it was decoded by name. */
export function wholeSpan(span: SpanRecord): SpanRecord {
  return span.source === undefined ? span : decodeSpanBytes(span.source);
}

/** A span held as its record, not its bytes. */
const WHOLE = -1;

/**
 * The spans a trace buffer holds, by index, in columns: no object per span
 * for the collector to copy while the span waits, which under load is every
 * span for seconds. A span decoded with its `source` is held as its bytes,
 * copied out of the request into a fixed set of slabs that are reused once
 * none of their spans is held (holding the request body instead would keep
 * it past a scavenge, and promoted bodies wait for a full collection to be
 * freed); any other span is held as its record. Indices link into lists
 * through `next`, which the buffer sets.
 */
export class SpanStore {
  private readonly slabs: Slab[] = [];
  private readonly freeSlabs: number[] = [];
  private current = -1;

  private capacity = 0;
  private slabOf = new Int32Array(0);
  private startOf = new Int32Array(0);
  private endOf = new Int32Array(0);
  private originOf = new Int32Array(0);
  private nextOf = new Int32Array(0);
  private readonly records = new Map<number, SpanRecord>();
  private readonly free: number[] = [];

  private constructor(
    private readonly slabBytes: number,
    private readonly maxSlabs: number,
  ) {
    this.grow(1024);
  }

  static create(options: { slabBytes: number; maxBytes: number }): SpanStore {
    return new SpanStore(
      options.slabBytes,
      Math.max(1, Math.floor(options.maxBytes / options.slabBytes)),
    );
  }

  /**
   * Whether adding `span` now needs room that only releasing spans can
   * make: its bytes fit no slab with space, and no slab is free.
   */
  needsRoom(span: SpanRecord): boolean {
    const size = this.heldSize(span);
    if (size === 0) {
      return false;
    }
    const current = this.slabs[this.current];
    return !(
      (current !== undefined && current.used + size <= this.slabBytes) ||
      this.freeSlabs.length > 0 ||
      this.slabs.length < this.maxSlabs
    );
  }

  /** Holds the span (after `needsRoom` was made false); its index. */
  add(span: SpanRecord): number {
    if (this.free.length === 0) {
      this.grow(this.capacity * 2);
    }
    const index = this.free.pop()!;
    this.nextOf[index] = -1;
    const size = this.heldSize(span);
    if (size === 0) {
      this.slabOf[index] = WHOLE;
      // A span too large for a slab is decoded whole now: its bytes are
      // the request's, lent only until the request is accepted.
      this.records.set(index, wholeSpan(span));
      return index;
    }
    const source = span.source!;
    let slabIndex = this.current;
    let slab = this.slabs[slabIndex];
    if (slab === undefined || slab.used + size > this.slabBytes) {
      slabIndex = this.freeSlabs.pop() ?? this.newSlab();
      this.retire(this.current);
      this.current = slabIndex;
      slab = this.slabs[slabIndex];
    }
    copyBytes.call(
      source.bytes,
      slab.bytes,
      slab.used,
      source.start,
      source.end,
    );
    // Spans of one resource come together: one origin for all of them.
    const origins = slab.origins;
    const last = origins[origins.length - 1];
    if (
      last === undefined ||
      last.resource !== source.resource ||
      last.format !== source.format ||
      last.service !== source.service
    ) {
      origins.push({
        format: source.format,
        service: source.service,
        resource: source.resource,
      });
    }
    this.slabOf[index] = slabIndex;
    this.startOf[index] = slab.used;
    this.endOf[index] = slab.used + size;
    this.originOf[index] = origins.length - 1;
    slab.used += size;
    slab.live += 1;
    return index;
  }

  next(index: number): number {
    return this.nextOf[index];
  }

  setNext(index: number, next: number): void {
    this.nextOf[index] = next;
  }

  /** The whole span held at `index`. */
  whole(index: number): SpanRecord {
    const slabIndex = this.slabOf[index];
    if (slabIndex === WHOLE) {
      return this.records.get(index)!;
    }
    const slab = this.slabs[slabIndex];
    const origin = slab.origins[this.originOf[index]];
    return decodeSpanBytes({
      format: origin.format,
      bytes: slab.bytes,
      start: this.startOf[index],
      end: this.endOf[index],
      service: origin.service,
      resource: origin.resource,
    });
  }

  release(index: number): void {
    const slabIndex = this.slabOf[index];
    if (slabIndex === WHOLE) {
      this.records.delete(index);
    } else {
      const slab = this.slabs[slabIndex];
      slab.live -= 1;
      if (slab.live === 0) {
        if (slabIndex === this.current) {
          slab.used = 0;
          slab.origins = [];
        } else {
          this.retire(slabIndex);
        }
      }
    }
    this.free.push(index);
  }

  /** Bytes of the slabs allocated so far (they are kept for reuse). */
  get allocatedBytes(): number {
    return this.slabs.length * this.slabBytes;
  }

  /** The bytes a span takes in a slab; 0 if it is held as its record. */
  private heldSize(span: SpanRecord): number {
    const source = span.source;
    if (source === undefined) {
      return 0;
    }
    const size = source.end - source.start;
    return size <= this.slabBytes ? size : 0;
  }

  private grow(capacity: number): void {
    const grown = (column: Int32Array) => {
      const next = new Int32Array(capacity);
      next.set(column);
      return next;
    };
    this.slabOf = grown(this.slabOf);
    this.startOf = grown(this.startOf);
    this.endOf = grown(this.endOf);
    this.originOf = grown(this.originOf);
    this.nextOf = grown(this.nextOf);
    for (let i = capacity - 1; i >= this.capacity; i--) {
      this.free.push(i);
    }
    this.capacity = capacity;
  }

  private newSlab(): number {
    if (this.slabs.length >= this.maxSlabs) {
      throw new Error('SpanStore.add called while it needs room');
    }
    this.slabs.push({
      bytes: new Uint8Array(this.slabBytes),
      used: 0,
      live: 0,
      origins: [],
    });
    return this.slabs.length - 1;
  }

  /** A slab no longer written to: free now if none of its spans is held. */
  private retire(slabIndex: number): void {
    const slab = this.slabs[slabIndex];
    if (slab !== undefined && slab.live === 0) {
      slab.used = 0;
      slab.origins = [];
      this.freeSlabs.push(slabIndex);
    }
  }
}
