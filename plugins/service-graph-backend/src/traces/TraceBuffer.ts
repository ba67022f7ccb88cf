import {
  decodeSpanBytes,
  RecentSpanIds,
  SpanRecord,
} from '@steward/plugin-service-graph-common';
import { SlabSpan, SpanSlabs } from './SpanSlabs';

/** A buffered span: its bytes if the decoder gave them, else its record. */
type Held = SlabSpan | SpanRecord;

type Assembling = {
  traceId: string;
  /** When the trace last entered the queue: its first span, or a requeue. */
  queuedMs: number;
  lastSeenMs: number;
  spans: Held[];
  error: boolean;
};

const SLAB_BYTES = 1 << 20;
/**
 * Room is made by deciding the oldest traces until a slab empties, and a
 * slab empties only once every trace in it is decided: with few slabs that
 * would reach the newest traces, so there are always this many.
 */
const MIN_SLABS = 16;

/**
 * Gathers the spans of each trace until none has arrived for a window, then
 * decides whether the trace is kept: always when any span erred (the trace
 * walk needs the erroring path), otherwise for a deterministic sample of
 * trace ids so that replicas receiving parts of one trace make the same
 * choice.
 *
 * Exporters flush independently, so one trace arrives in several requests,
 * seconds apart: the window restarts with every span of the trace, and the
 * ids of kept traces are remembered (at least `maxKeptTraces` of them) so
 * that spans arriving after the decision join the stored trace.
 *
 * Most traces are dropped, so a span decoded with its `source` is held as
 * its bytes, at most `maxBufferedBytes` of them (the oldest traces are
 * decided early to make room), and decoded whole only if its trace is kept.
 */
export class TraceBuffer {
  private readonly assembling = new Map<string, Assembling>();
  /**
   * The traces being assembled, by `queuedMs`, from `head` on. A Map used
   * as a queue leaves the deleted entries at its front, and every call to
   * `entries().next()` steps over all of them again, which cost 14 µs per
   * span at 20,000 buffered traces.
   */
  private order: (Assembling | undefined)[] = [];
  private head = 0;
  /** Kept trace ids, as fingerprints: no strings for the GC to trace. */
  private readonly kept: RecentSpanIds;
  private ready: SpanRecord[] = [];
  private readonly slabs: SpanSlabs;

  private constructor(
    private readonly options: {
      assemblyWindowMs: number;
      sampleRate: number;
      maxBufferedTraces: number;
      maxKeptTraces: number;
      maxBufferedBytes: number;
      now: () => number;
    },
  ) {
    this.kept = new RecentSpanIds(options.maxKeptTraces);
    this.slabs = SpanSlabs.create({
      slabBytes: Math.min(
        SLAB_BYTES,
        Math.floor(options.maxBufferedBytes / MIN_SLABS),
      ),
      maxBytes: options.maxBufferedBytes,
    });
  }

  static create(options: {
    assemblyWindowMs: number;
    sampleRate: number;
    maxBufferedTraces: number;
    maxKeptTraces: number;
    maxBufferedBytes: number;
    now?: () => number;
  }): TraceBuffer {
    return new TraceBuffer({ now: Date.now, ...options });
  }

  add(span: SpanRecord): void {
    const source = span.source;
    const size = source === undefined ? 0 : source.end - source.start;
    const held = size > 0 && this.slabs.holds(size);
    // Before the lookup: making room may decide this span's trace.
    while (held && !this.slabs.fits(size) && this.head < this.order.length) {
      this.decide(this.dequeue());
    }
    let trace = this.assembling.get(span.traceId);
    const now = this.options.now();
    if (!trace) {
      // Only a trace not being assembled can have been kept already.
      if (this.kept.has(span.traceId, '')) {
        this.ready.push(source === undefined ? span : decodeSpanBytes(source));
        return;
      }
      if (this.assembling.size >= this.options.maxBufferedTraces) {
        this.decide(this.dequeue());
      }
      trace = {
        traceId: span.traceId,
        queuedMs: now,
        lastSeenMs: now,
        spans: [],
        error: false,
      };
      this.assembling.set(span.traceId, trace);
      this.order.push(trace);
    }
    trace.lastSeenMs = now;
    if (held) {
      trace.spans.push(this.slabs.copy(source!));
    } else {
      trace.spans.push(source === undefined ? span : decodeSpanBytes(source));
    }
    if (span.error) trace.error = true;
  }

  /** Spans of kept traces whose window has closed; clears them. */
  take(): SpanRecord[] {
    const now = this.options.now();
    const cutoff = now - this.options.assemblyWindowMs;
    while (
      this.head < this.order.length &&
      this.order[this.head]!.queuedMs <= cutoff
    ) {
      const trace = this.dequeue();
      if (trace.lastSeenMs <= cutoff) {
        this.decide(trace);
      } else {
        // Spans came since it was queued: look again one window from now,
        // which keeps the queue in `queuedMs` order.
        trace.queuedMs = now;
        this.order.push(trace);
      }
    }
    const taken = this.ready;
    this.ready = [];
    return taken;
  }

  get bufferedTraces(): number {
    return this.assembling.size;
  }

  /** Memory set aside for buffered spans' bytes so far. */
  get bufferBytes(): number {
    return this.slabs.allocatedBytes;
  }

  private dequeue(): Assembling {
    const trace = this.order[this.head]!;
    this.order[this.head] = undefined;
    this.head += 1;
    // Drop the dequeued front now and then, in one copy.
    if (this.head >= 1024 && this.head * 2 >= this.order.length) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
    return trace;
  }

  private decide(trace: Assembling): void {
    const { traceId } = trace;
    this.assembling.delete(traceId);
    const keep = trace.error || isSampled(traceId, this.options.sampleRate);
    for (const span of trace.spans) {
      if (isSlabSpan(span)) {
        if (keep) this.ready.push(decodeSpanBytes(span));
        this.slabs.release(span);
      } else if (keep) {
        this.ready.push(span);
      }
    }
    if (keep) this.kept.seenBefore(traceId, '');
  }
}

function isSlabSpan(span: Held): span is SlabSpan {
  return 'slab' in span;
}

/** Deterministic in the trace id: the low 32 bits as a fraction of 2^32. */
export function isSampled(traceId: string, rate: number): boolean {
  if (rate >= 1) return true;
  if (rate <= 0) return false;
  return parseInt(traceId.slice(-8), 16) / 0x1_0000_0000 < rate;
}
