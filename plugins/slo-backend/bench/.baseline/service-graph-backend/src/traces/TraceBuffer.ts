import { SpanRecord } from '@steward/plugin-service-graph-common';

type Assembling = { firstSeenMs: number; spans: SpanRecord[]; error: boolean };

/**
 * Gathers the spans of each trace for a short window, then decides whether
 * the trace is kept: always when any span erred (the trace walk needs the
 * erroring path), otherwise for a deterministic sample of trace ids so that
 * replicas receiving parts of one trace make the same choice.
 */
export class TraceBuffer {
  private readonly assembling = new Map<string, Assembling>();
  /** Traces already kept: their late spans are kept without waiting. */
  private readonly kept = new Map<string, true>();
  private ready: SpanRecord[] = [];

  private constructor(
    private readonly options: {
      assemblyWindowMs: number;
      sampleRate: number;
      maxBufferedTraces: number;
      now: () => number;
    },
  ) {}

  static create(options: {
    assemblyWindowMs: number;
    sampleRate: number;
    maxBufferedTraces: number;
    now?: () => number;
  }): TraceBuffer {
    return new TraceBuffer({ now: Date.now, ...options });
  }

  add(span: SpanRecord): void {
    if (this.kept.has(span.traceId)) {
      this.ready.push(span);
      return;
    }
    let trace = this.assembling.get(span.traceId);
    if (!trace) {
      if (this.assembling.size >= this.options.maxBufferedTraces) {
        this.decideOldest();
      }
      trace = { firstSeenMs: this.options.now(), spans: [], error: false };
      this.assembling.set(span.traceId, trace);
    }
    trace.spans.push(span);
    if (span.error) trace.error = true;
  }

  /** Spans of kept traces whose window has closed; clears them. */
  take(): SpanRecord[] {
    const cutoff = this.options.now() - this.options.assemblyWindowMs;
    for (const [traceId, trace] of this.assembling) {
      // Map iteration is in insertion order, so the first open window ends the scan.
      if (trace.firstSeenMs > cutoff) break;
      this.decide(traceId, trace);
    }
    const taken = this.ready;
    this.ready = [];
    return taken;
  }

  get bufferedTraces(): number {
    return this.assembling.size;
  }

  private decideOldest(): void {
    const oldest = this.assembling.entries().next();
    if (!oldest.done) this.decide(oldest.value[0], oldest.value[1]);
  }

  private decide(traceId: string, trace: Assembling): void {
    this.assembling.delete(traceId);
    if (trace.error || isSampled(traceId, this.options.sampleRate)) {
      for (const span of trace.spans) this.ready.push(span);
      this.kept.set(traceId, true);
      // Bounded memory of kept ids: forget the oldest beyond the cap.
      if (this.kept.size > this.options.maxBufferedTraces) {
        this.kept.delete(this.kept.keys().next().value!);
      }
    }
  }
}

/** Deterministic in the trace id: the low 32 bits as a fraction of 2^32. */
export function isSampled(traceId: string, rate: number): boolean {
  if (rate >= 1) return true;
  if (rate <= 0) return false;
  return parseInt(traceId.slice(-8), 16) / 0x1_0000_0000 < rate;
}
