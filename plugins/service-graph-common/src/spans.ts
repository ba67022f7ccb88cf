/**
 * OTLP span kinds, as the integers the protocol carries.
 *
 * @public
 */
export const SpanKind = {
  UNSPECIFIED: 0,
  INTERNAL: 1,
  SERVER: 2,
  CLIENT: 3,
  PRODUCER: 4,
  CONSUMER: 5,
} as const;

/** @public */
// A value and its type share one name, as a TypeScript enum's would.
// eslint-disable-next-line @typescript-eslint/no-redeclare
export type SpanKind = (typeof SpanKind)[keyof typeof SpanKind];

/** @public */
export type AttributeValue = string | number | boolean;

/** A link from one span to another, possibly in another trace. @public */
export type SpanLinkRecord = {
  traceId: string;
  spanId: string;
};

/** An event recorded on a span (kept for the trace view). @public */
export type SpanEventRecord = {
  timeUnixMs: number;
  name: string;
  attributes: Record<string, AttributeValue>;
};

/**
 * One decoded, validated span: what the decoders produce and what pairing,
 * aggregation and the trace store consume. Ids are lowercase hex; times are
 * Unix milliseconds as floating point (sub-microsecond precision is not
 * needed for latency SLIs and costs a BigInt per span).
 *
 * @public
 */
export type SpanRecord = {
  traceId: string;
  spanId: string;
  /** Absent for root spans. */
  parentSpanId?: string;
  /** The resource's `service.name`. */
  service: string;
  name: string;
  kind: SpanKind;
  startUnixMs: number;
  endUnixMs: number;
  /** Status code ERROR. */
  error: boolean;
  statusMessage?: string;
  /** The span's own attributes. */
  attributes: Record<string, AttributeValue>;
  /**
   * The resource's attributes, one object shared by every span of the
   * resource: look here after `attributes` (see `attributeOf`).
   */
  resource: Record<string, AttributeValue>;
  links: SpanLinkRecord[];
  events: SpanEventRecord[];
  /**
   * Set on spans decoded with `detail: 'naming'`, whose `attributes` may
   * hold only `NAMING_ATTRIBUTES` and whose `events` may be left out: where
   * the whole span can be decoded again (`decodeSpanBytes`).
   */
  source?: SpanBytes;
  /**
   * `spanFingerprint(traceId, '')`, `spanFingerprint(traceId, spanId)` and
   * `spanFingerprint(traceId, parentSpanId)`: the decoders set them, read
   * from the id bytes as they check them, so that pairing and the trace
   * buffer do not hash the id strings again (three times per span). Records
   * made otherwise may leave them out; consumers then compute them. A copy
   * given other ids must leave them out too.
   */
  traceFingerprint?: number;
  spanFingerprint?: number;
  parentFingerprint?: number;
};

/**
 * One encoded span and the resource it came with: what `decodeSpanBytes`
 * needs to give its full record. `bytes[start..end)` is the span's JSON
 * object or protobuf `Span` message.
 *
 * @public
 */
export type SpanBytes = {
  format: 'json' | 'protobuf';
  bytes: Uint8Array;
  start: number;
  end: number;
  service: string;
  resource: Record<string, AttributeValue>;
};

/**
 * A span attribute, falling back to the resource's attribute of that name.
 *
 * @public
 */
export function attributeOf(
  span: Pick<SpanRecord, 'attributes' | 'resource'>,
  key: string,
): AttributeValue | undefined {
  return span.attributes[key] ?? span.resource[key];
}
