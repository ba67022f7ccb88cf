// Test-only: builders for SpanRecords in pairing tests. Not exported.
import { AttributeValue, SpanKind, SpanLinkRecord, SpanRecord } from '../spans';

export type SpanSpec = {
  service: string;
  spanId: string;
  parent?: string;
  traceId?: string;
  name?: string;
  startUnixMs?: number;
  endUnixMs?: number;
  error?: boolean;
  attributes?: Record<string, AttributeValue>;
  resource?: Record<string, AttributeValue>;
  links?: SpanLinkRecord[];
};

/** Every test trace id has the same length, as real (32 hex digit) ones do. */
export const TRACE_A = 'trace-a';
export const TRACE_B = 'trace-b';

export function buildSpan(kind: SpanKind, spec: SpanSpec): SpanRecord {
  return {
    traceId: spec.traceId ?? TRACE_A,
    spanId: spec.spanId,
    parentSpanId: spec.parent,
    service: spec.service,
    name: spec.name ?? `${spec.service} span ${spec.spanId}`,
    kind,
    startUnixMs: spec.startUnixMs ?? 1000,
    endUnixMs: spec.endUnixMs ?? 1010,
    error: spec.error ?? false,
    attributes: spec.attributes ?? {},
    resource: spec.resource ?? {},
    links: spec.links ?? [],
    events: [],
  };
}

export const serverSpan = (spec: SpanSpec) => buildSpan(SpanKind.SERVER, spec);
export const clientSpan = (spec: SpanSpec) => buildSpan(SpanKind.CLIENT, spec);
export const producerSpan = (spec: SpanSpec) =>
  buildSpan(SpanKind.PRODUCER, spec);
export const consumerSpan = (spec: SpanSpec) =>
  buildSpan(SpanKind.CONSUMER, spec);
export const internalSpan = (spec: SpanSpec) =>
  buildSpan(SpanKind.INTERNAL, spec);

/** A clock the test moves by hand. */
export function manualClock(startMs = 0) {
  let current = startMs;
  return {
    now: () => current,
    advance(ms: number) {
      current += ms;
    },
  };
}
