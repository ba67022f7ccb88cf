import { SpanBytes } from '@steward/plugin-service-graph-common';

type Slab = {
  readonly bytes: Uint8Array;
  /** Bytes written from the start. */
  used: number;
  /** Spans copied in and not yet released. */
  live: number;
};

/** A span's bytes copied into a slab: decode it with `decodeSpanBytes`. */
export type SlabSpan = SpanBytes & { readonly slab: Slab };

/**
 * Span bytes copied out of their requests into a fixed set of slabs, which
 * are reused once none of their spans is held. Holding a request's whole
 * body instead would keep it past a scavenge, and freeing promoted bodies
 * waits for full collections; holding decoded spans costs the collector
 * far more than their bytes do.
 */
export class SpanSlabs {
  private current: Slab | undefined = undefined;
  private readonly free: Slab[] = [];
  private slabs = 0;

  private constructor(
    private readonly slabBytes: number,
    private readonly maxSlabs: number,
  ) {}

  static create(options: { slabBytes: number; maxBytes: number }): SpanSlabs {
    return new SpanSlabs(
      options.slabBytes,
      Math.max(1, Math.floor(options.maxBytes / options.slabBytes)),
    );
  }

  /** Whether a span of `size` bytes can be held (see `fits`) at all. */
  holds(size: number): boolean {
    return size <= this.slabBytes;
  }

  /** Whether a span of `size` bytes fits without releasing others first. */
  fits(size: number): boolean {
    const current = this.current;
    return (
      (current !== undefined && current.used + size <= this.slabBytes) ||
      this.free.length > 0 ||
      this.slabs < this.maxSlabs
    );
  }

  /** Copies a span's bytes in; it must `fit`. */
  copy(source: SpanBytes): SlabSpan {
    const size = source.end - source.start;
    let slab = this.current;
    if (slab === undefined || slab.used + size > this.slabBytes) {
      slab = this.free.pop() ?? this.newSlab();
      this.retire(this.current);
      this.current = slab;
    }
    const start = slab.used;
    slab.bytes.set(
      new Uint8Array(
        source.bytes.buffer,
        source.bytes.byteOffset + source.start,
        size,
      ),
      start,
    );
    slab.used += size;
    slab.live += 1;
    return {
      format: source.format,
      bytes: slab.bytes,
      start,
      end: start + size,
      service: source.service,
      resource: source.resource,
      slab,
    };
  }

  release(span: SlabSpan): void {
    const slab = span.slab;
    slab.live -= 1;
    if (slab.live === 0) {
      if (slab === this.current) {
        slab.used = 0;
      } else {
        this.retire(slab);
      }
    }
  }

  /** Bytes of the slabs allocated so far (they are kept for reuse). */
  get allocatedBytes(): number {
    return this.slabs * this.slabBytes;
  }

  private newSlab(): Slab {
    if (this.slabs >= this.maxSlabs) {
      throw new Error('SpanSlabs.copy called for a span that does not fit');
    }
    this.slabs += 1;
    return { bytes: new Uint8Array(this.slabBytes), used: 0, live: 0 };
  }

  /** A slab no longer written to: free now if none of its spans is held. */
  private retire(slab: Slab | undefined): void {
    if (slab !== undefined && slab.live === 0) {
      slab.used = 0;
      this.free.push(slab);
    }
  }
}
