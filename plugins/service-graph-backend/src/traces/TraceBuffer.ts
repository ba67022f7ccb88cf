import {
  RecentSpanIds,
  SpanRecord,
  traceFingerprintOf,
} from '@steward/plugin-service-graph-common';
import { SpanStore, wholeSpan } from './SpanStore';
import { TraceIndex } from './TraceIndex';

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
 * Every span waits here for seconds, so nothing per span or per trace is a
 * heap object: traces are slots in typed columns, found by their id's
 * fingerprint, and spans are held by `SpanStore` (as their bytes, at most
 * `maxBufferedBytes` of them, decoded whole only if their trace is kept).
 * Objects that live that long are what the collector pays for: each
 * scavenge copies them, then they fill the old generation.
 */
export class TraceBuffer {
  private readonly index: TraceIndex;
  private readonly spans: SpanStore;
  /** Kept trace ids, as fingerprints: no strings for the GC to trace. */
  private readonly kept: RecentSpanIds;
  private ready: SpanRecord[] = [];

  // One entry per trace slot.
  private readonly fingerprintOf: Float64Array;
  /** When the trace last entered the queue: its first span, or a requeue. */
  private readonly queuedMsOf: Float64Array;
  private readonly lastSeenMsOf: Float64Array;
  /** 1 once the trace is sampled or a span of it erred. */
  private readonly keepOf: Uint8Array;
  private readonly firstSpanOf: Int32Array;
  private readonly lastSpanOf: Int32Array;
  private readonly freeSlots: number[] = [];

  /** Trace slots by `queuedMs`: a ring; every buffered trace is in it once. */
  private readonly queue: Int32Array;
  private queueHead = 0;
  private queued = 0;

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
    const slots = options.maxBufferedTraces;
    this.index = TraceIndex.create({ capacity: slots });
    this.spans = SpanStore.create({
      slabBytes: Math.min(
        SLAB_BYTES,
        Math.floor(options.maxBufferedBytes / MIN_SLABS),
      ),
      maxBytes: options.maxBufferedBytes,
    });
    this.kept = new RecentSpanIds(options.maxKeptTraces);
    this.fingerprintOf = new Float64Array(slots);
    this.queuedMsOf = new Float64Array(slots);
    this.lastSeenMsOf = new Float64Array(slots);
    this.keepOf = new Uint8Array(slots);
    this.firstSpanOf = new Int32Array(slots);
    this.lastSpanOf = new Int32Array(slots);
    this.queue = new Int32Array(slots);
    for (let slot = slots - 1; slot >= 0; slot--) this.freeSlots.push(slot);
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

  /** Buffers a span that arrived now. */
  add(span: SpanRecord): void {
    this.addAt(span, this.options.now());
  }

  /**
   * Spans that arrived together, in order, as `add` of each would; the clock
   * (`Date.now`, 50 ns a call) is read once for all of them.
   */
  addAll(spans: readonly SpanRecord[]): void {
    const now = this.options.now();
    for (let i = 0; i < spans.length; i++) {
      this.addAt(spans[i], now);
    }
  }

  private addAt(span: SpanRecord, now: number): void {
    // Before the lookup: making room may decide this span's trace.
    while (this.queued > 0 && this.spans.needsRoom(span)) {
      this.decide(this.dequeue());
    }
    const fingerprint = traceFingerprintOf(span);
    let slot = this.index.get(fingerprint);
    if (slot < 0) {
      // Only a trace not being assembled can have been kept already.
      if (this.kept.has(fingerprint)) {
        this.ready.push(wholeSpan(span));
        return;
      }
      if (this.queued >= this.options.maxBufferedTraces) {
        this.decide(this.dequeue());
      }
      slot = this.freeSlots.pop()!;
      this.index.set(fingerprint, slot);
      this.fingerprintOf[slot] = fingerprint;
      this.queuedMsOf[slot] = now;
      this.keepOf[slot] = isSampled(span.traceId, this.options.sampleRate)
        ? 1
        : 0;
      this.firstSpanOf[slot] = -1;
      this.enqueue(slot);
    }
    this.lastSeenMsOf[slot] = now;
    const held = this.spans.add(span);
    const last = this.lastSpanOf[slot];
    if (this.firstSpanOf[slot] < 0) {
      this.firstSpanOf[slot] = held;
    } else {
      this.spans.setNext(last, held);
    }
    this.lastSpanOf[slot] = held;
    if (span.error) {
      this.keepOf[slot] = 1;
    }
  }

  /** Spans of kept traces whose window has closed; clears them. */
  take(): SpanRecord[] {
    const now = this.options.now();
    const cutoff = now - this.options.assemblyWindowMs;
    for (let n = this.queued; n > 0; n--) {
      const slot = this.queue[this.queueHead];
      if (this.queuedMsOf[slot] > cutoff) {
        break;
      }
      this.dequeue();
      if (this.lastSeenMsOf[slot] <= cutoff) {
        this.decide(slot);
      } else {
        // Spans came since it was queued: look again one window from now,
        // which keeps the queue in `queuedMs` order.
        this.queuedMsOf[slot] = now;
        this.enqueue(slot);
      }
    }
    const taken = this.ready;
    this.ready = [];
    return taken;
  }

  get bufferedTraces(): number {
    return this.queued;
  }

  /** Memory set aside for buffered spans' bytes so far. */
  get bufferBytes(): number {
    return this.spans.allocatedBytes;
  }

  private enqueue(slot: number): void {
    const capacity = this.queue.length;
    this.queue[(this.queueHead + this.queued) % capacity] = slot;
    this.queued += 1;
  }

  private dequeue(): number {
    const slot = this.queue[this.queueHead];
    this.queueHead = (this.queueHead + 1) % this.queue.length;
    this.queued -= 1;
    return slot;
  }

  /** Decides a dequeued trace and frees its slot and spans. */
  private decide(slot: number): void {
    const fingerprint = this.fingerprintOf[slot];
    this.index.delete(fingerprint);
    const keep = this.keepOf[slot] === 1;
    for (let span = this.firstSpanOf[slot]; span >= 0; ) {
      const next = this.spans.next(span);
      if (keep) this.ready.push(this.spans.whole(span));
      this.spans.release(span);
      span = next;
    }
    if (keep) this.kept.seenBefore(fingerprint);
    this.freeSlots.push(slot);
  }
}

/**
 * Deterministic in the trace id: the low 32 bits as a fraction of 2^32.
 * Read from the (lowercase hex) characters: a slice to parse would be an
 * allocation per trace.
 */
export function isSampled(traceId: string, rate: number): boolean {
  if (rate >= 1) return true;
  if (rate <= 0) return false;
  let low = 0;
  for (let i = Math.max(0, traceId.length - 8); i < traceId.length; i++) {
    const c = traceId.charCodeAt(i);
    low = low * 16 + (c <= 0x39 ? c - 0x30 : c - 0x57);
  }
  return low / 0x1_0000_0000 < rate;
}
