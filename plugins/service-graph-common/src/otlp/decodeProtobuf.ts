import { InputError } from '@backstage/errors';
import {
  IdBytes,
  idBytes,
  spanFingerprintAt,
  traceFingerprintAt,
} from '../fingerprint';
import { NAMING_ATTRIBUTES } from '../pairing/names';
import {
  SpanBytes,
  SpanEventRecord,
  SpanLinkRecord,
  SpanRecord,
} from '../spans';
import {
  Attributes,
  ErrorLog,
  FailureNote,
  INVALID,
  Invalid,
  MAX_VALUE_DEPTH,
  setAttribute,
  spanKindOf,
  SPAN_ID_BYTES,
  STATUS_CODE_ERROR,
  toAttributeValue,
  toBase64,
  TRACE_ID_BYTES,
} from './common';
import { byteIdProblem, bytesToHex, isAllZero } from './hex';
import {
  messageSchema,
  ProtoReader,
  tagOf,
  WIRE_I32,
  WIRE_I64,
  WIRE_LEN,
  WIRE_VARINT,
} from './protoReader';
import { DecodeOptions, DecodeResult } from './types';

// Field numbers from opentelemetry-proto: collector/trace/v1, trace/v1,
// common/v1 and resource/v1.
const REQUEST = messageSchema('ExportTraceServiceRequest', {
  1: ['resource_spans', WIRE_LEN],
});
const RESOURCE_SPANS = messageSchema('ResourceSpans', {
  1: ['resource', WIRE_LEN],
  2: ['scope_spans', WIRE_LEN],
  3: ['schema_url', WIRE_LEN],
});
const RESOURCE = messageSchema('Resource', {
  1: ['attributes', WIRE_LEN],
  2: ['dropped_attributes_count', WIRE_VARINT],
});
const SCOPE_SPANS = messageSchema('ScopeSpans', {
  1: ['scope', WIRE_LEN],
  2: ['spans', WIRE_LEN],
  3: ['schema_url', WIRE_LEN],
});
const SPAN = messageSchema('Span', {
  1: ['trace_id', WIRE_LEN],
  2: ['span_id', WIRE_LEN],
  3: ['trace_state', WIRE_LEN],
  4: ['parent_span_id', WIRE_LEN],
  5: ['name', WIRE_LEN],
  6: ['kind', WIRE_VARINT],
  7: ['start_time_unix_nano', WIRE_I64],
  8: ['end_time_unix_nano', WIRE_I64],
  9: ['attributes', WIRE_LEN],
  10: ['dropped_attributes_count', WIRE_VARINT],
  11: ['events', WIRE_LEN],
  12: ['dropped_events_count', WIRE_VARINT],
  13: ['links', WIRE_LEN],
  14: ['dropped_links_count', WIRE_VARINT],
  15: ['status', WIRE_LEN],
  16: ['flags', WIRE_I32],
});
const STATUS = messageSchema('Status', {
  2: ['message', WIRE_LEN],
  3: ['code', WIRE_VARINT],
});
const EVENT = messageSchema('Span.Event', {
  1: ['time_unix_nano', WIRE_I64],
  2: ['name', WIRE_LEN],
  3: ['attributes', WIRE_LEN],
  4: ['dropped_attributes_count', WIRE_VARINT],
});
const LINK = messageSchema('Span.Link', {
  1: ['trace_id', WIRE_LEN],
  2: ['span_id', WIRE_LEN],
  3: ['trace_state', WIRE_LEN],
  4: ['attributes', WIRE_LEN],
  5: ['dropped_attributes_count', WIRE_VARINT],
  6: ['flags', WIRE_I32],
});
const KEY_VALUE = messageSchema('KeyValue', {
  1: ['key', WIRE_LEN],
  2: ['value', WIRE_LEN],
});
const ANY_VALUE = messageSchema('AnyValue', {
  1: ['string_value', WIRE_LEN],
  2: ['bool_value', WIRE_VARINT],
  3: ['int_value', WIRE_VARINT],
  4: ['double_value', WIRE_I64],
  5: ['array_value', WIRE_LEN],
  6: ['kvlist_value', WIRE_LEN],
  7: ['bytes_value', WIRE_LEN],
});
const VALUES = messageSchema('ArrayValue', { 1: ['values', WIRE_LEN] });
const KV_VALUES = messageSchema('KeyValueList', { 1: ['values', WIRE_LEN] });

// Tags the decoders switch on (a switch over constants compiles to a table).
const T_RESOURCE_SPANS = tagOf(1, WIRE_LEN);
const T_RS_RESOURCE = tagOf(1, WIRE_LEN);
const T_RS_SCOPE_SPANS = tagOf(2, WIRE_LEN);
const T_RESOURCE_ATTRIBUTES = tagOf(1, WIRE_LEN);
const T_SS_SPANS = tagOf(2, WIRE_LEN);
const T_TRACE_ID = tagOf(1, WIRE_LEN);
const T_SPAN_ID = tagOf(2, WIRE_LEN);
const T_PARENT_SPAN_ID = tagOf(4, WIRE_LEN);
const T_NAME = tagOf(5, WIRE_LEN);
const T_KIND = tagOf(6, WIRE_VARINT);
const T_START = tagOf(7, WIRE_I64);
const T_END = tagOf(8, WIRE_I64);
const T_ATTRIBUTES = tagOf(9, WIRE_LEN);
const T_EVENTS = tagOf(11, WIRE_LEN);
const T_LINKS = tagOf(13, WIRE_LEN);
const T_STATUS = tagOf(15, WIRE_LEN);
const T_STATUS_MESSAGE = tagOf(2, WIRE_LEN);
const T_STATUS_CODE = tagOf(3, WIRE_VARINT);
const T_EVENT_TIME = tagOf(1, WIRE_I64);
const T_EVENT_NAME = tagOf(2, WIRE_LEN);
const T_EVENT_ATTRIBUTES = tagOf(3, WIRE_LEN);
const T_LINK_TRACE_ID = tagOf(1, WIRE_LEN);
const T_LINK_SPAN_ID = tagOf(2, WIRE_LEN);
const T_KEY = tagOf(1, WIRE_LEN);
const T_VALUE = tagOf(2, WIRE_LEN);
const T_STRING = tagOf(1, WIRE_LEN);
const T_BOOL = tagOf(2, WIRE_VARINT);
const T_INT = tagOf(3, WIRE_VARINT);
const T_DOUBLE = tagOf(4, WIRE_I64);
const T_ARRAY = tagOf(5, WIRE_LEN);
const T_KVLIST = tagOf(6, WIRE_LEN);
const T_BYTES = tagOf(7, WIRE_LEN);
const T_VALUES = tagOf(1, WIRE_LEN);

/**
 * How a KeyValue is stored: as an attribute (arrays and kvlists rendered),
 * as an attribute only if naming reads it, or as plain data inside a value.
 */
type KeyValueMode = 'attribute' | 'naming' | 'plain';

/**
 * Fields may arrive in any order, so each message is read into locals and
 * validated when its end is reached. Like the JSON decoder, a bad value
 * records a FailureNote and returns instead of throwing; only wire-format
 * damage, which makes the rest of the body unreadable, throws.
 */
class ProtoTraceDecoder extends ProtoReader {
  readonly spans: SpanRecord[] = [];
  rejected = 0;
  readonly log: ErrorLog;

  private readonly note = new FailureNote();
  private service = '';
  private resource: Attributes = {};
  private resourceIndex = 0;
  private scopeIndex = 0;
  private spanIndex = 0;
  private statusCode = 0;
  private statusText = '';
  private linkProblem = '';
  private readonly ids: IdBytes;
  /** `detail: 'naming'`: naming attributes only, no events, a source. */
  private readonly naming: boolean;

  constructor(body: Uint8Array, options: DecodeOptions) {
    super(body);
    this.ids = idBytes(body, false);
    this.log = new ErrorLog(options.maxErrors);
    this.naming = options.detail === 'naming';
  }

  /** The whole span whose `Span` message `source` holds. */
  static readSpan(source: SpanBytes): SpanRecord {
    const decoder = new ProtoTraceDecoder(source.bytes, {});
    decoder.service = source.service;
    decoder.resource = source.resource;
    decoder.pos = source.start;
    const span = decoder.span(source.end);
    if (span === undefined) {
      // The same bytes were accepted when the request came in.
      throw new Error(`span no longer decodes: ${decoder.note.render('span')}`);
    }
    return span;
  }

  request(): void {
    const end = this.buf.length;
    let r = 0;
    while (this.pos < end) {
      const tag = this.tag(end);
      if (tag === T_RESOURCE_SPANS) {
        const stop = this.lengthEnd(end);
        this.resourceIndex = r++;
        this.resourceSpans(stop);
        this.pos = stop;
      } else {
        this.skipField(tag, end, REQUEST);
      }
    }
  }

  private resourceSpans(end: number): void {
    const start = this.pos;
    // The resource may follow its spans on the wire, and every span needs
    // it: a first pass finds it, a second decodes the spans.
    const resource: Attributes = {};
    let problem: string | undefined = undefined;
    while (this.pos < end) {
      const tag = this.tag(end);
      if (tag === T_RS_RESOURCE) {
        const stop = this.lengthEnd(end);
        if (!this.resourceMessage(stop, resource) && problem === undefined) {
          problem = this.note.render(
            `resourceSpans[${this.resourceIndex}].resource`,
          );
        }
        this.pos = stop;
      } else {
        this.skipField(tag, end, RESOURCE_SPANS);
      }
    }
    const service = resource['service.name'];
    if (problem === undefined && (typeof service !== 'string' || !service)) {
      problem = `resourceSpans[${this.resourceIndex}].resource.attributes: must contain a non-empty string "service.name"`;
    }
    this.service = typeof service === 'string' ? service : '';
    this.resource = resource;

    this.pos = start;
    let s = 0;
    let unusable = 0;
    while (this.pos < end) {
      const tag = this.tag(end);
      if (tag === T_RS_SCOPE_SPANS) {
        const stop = this.lengthEnd(end);
        this.scopeIndex = s++;
        if (problem === undefined) {
          this.scopeSpans(stop);
        } else {
          unusable += this.countSpans(stop);
        }
        this.pos = stop;
      } else {
        this.skipField(tag, end, RESOURCE_SPANS);
      }
    }
    if (problem !== undefined && unusable > 0) {
      this.rejected += unusable;
      this.log.add(problem);
    }
  }

  private resourceMessage(end: number, target: Attributes): boolean {
    let i = 0;
    while (this.pos < end) {
      const tag = this.tag(end);
      if (tag === T_RESOURCE_ATTRIBUTES) {
        const stop = this.lengthEnd(end);
        if (!this.keyValue(stop, target, 'attribute')) {
          this.note.prefix(`attributes[${i}]`);
          return false;
        }
        this.pos = stop;
        i++;
      } else {
        this.skipField(tag, end, RESOURCE);
      }
    }
    return true;
  }

  private scopeSpans(end: number): void {
    let k = 0;
    while (this.pos < end) {
      const tag = this.tag(end);
      if (tag === T_SS_SPANS) {
        const stop = this.lengthEnd(end);
        this.spanIndex = k++;
        const span = this.span(stop);
        this.pos = stop;
        if (span === undefined) {
          this.rejectSpan();
        } else {
          this.spans.push(span);
        }
      } else {
        this.skipField(tag, end, SCOPE_SPANS);
      }
    }
  }

  private countSpans(end: number): number {
    let count = 0;
    while (this.pos < end) {
      const tag = this.tag(end);
      if (tag === T_SS_SPANS) {
        count++;
      }
      this.skipField(tag, end, SCOPE_SPANS);
    }
    return count;
  }

  private spanPath(): string {
    return `resourceSpans[${this.resourceIndex}].scopeSpans[${this.scopeIndex}].spans[${this.spanIndex}]`;
  }

  private rejectSpan(): void {
    this.rejected++;
    if (!this.log.full) {
      this.log.add(this.note.render(this.spanPath()));
    }
  }

  private span(end: number): SpanRecord | undefined {
    const buf = this.buf;
    const begin = this.pos;
    let traceStart = 0;
    let traceEnd = 0;
    let spanStart = 0;
    let spanEnd = 0;
    let parentStart = 0;
    let parentEnd = 0;
    let name = '';
    let kind = 0;
    let start = 0;
    let stop = 0;
    let error = false;
    let statusMessage: string | undefined = undefined;
    const attributes: Attributes = {};
    const events: SpanEventRecord[] = [];
    const links: SpanLinkRecord[] = [];
    let attributeCount = 0;
    let linkCount = 0;
    let badLink = -1;

    while (this.pos < end) {
      const tag = this.tag(end);
      switch (tag) {
        case T_TRACE_ID:
          traceEnd = this.lengthEnd(end);
          traceStart = this.pos;
          this.pos = traceEnd;
          break;
        case T_SPAN_ID:
          spanEnd = this.lengthEnd(end);
          spanStart = this.pos;
          this.pos = spanEnd;
          break;
        case T_PARENT_SPAN_ID:
          parentEnd = this.lengthEnd(end);
          parentStart = this.pos;
          this.pos = parentEnd;
          break;
        case T_NAME:
          name = this.string(end);
          break;
        case T_KIND:
          kind = this.varint(end) | 0;
          break;
        case T_START:
          start = this.fixed64Nanos(end);
          break;
        case T_END:
          stop = this.fixed64Nanos(end);
          break;
        case T_ATTRIBUTES: {
          const next = this.lengthEnd(end);
          const mode = this.naming ? 'naming' : 'attribute';
          if (!this.keyValue(next, attributes, mode)) {
            this.note.prefix(`attributes[${attributeCount}]`);
            return undefined;
          }
          this.pos = next;
          attributeCount++;
          break;
        }
        case T_EVENTS: {
          const next = this.lengthEnd(end);
          const event = this.event(next);
          if (event === undefined) {
            this.note.prefix(`events[${events.length}]`);
            return undefined;
          }
          // Read in either mode, so that both accept the same spans.
          if (!this.naming) {
            events.push(event);
          }
          this.pos = next;
          break;
        }
        case T_LINKS: {
          const next = this.lengthEnd(end);
          const link = this.link(next);
          if (link !== undefined) {
            links.push(link);
          } else if (badLink < 0) {
            badLink = linkCount;
          }
          linkCount++;
          this.pos = next;
          break;
        }
        case T_STATUS: {
          const next = this.lengthEnd(end);
          this.status(next);
          error = this.statusCode === STATUS_CODE_ERROR;
          statusMessage = this.statusText === '' ? undefined : this.statusText;
          break;
        }
        default:
          this.skipField(tag, end, SPAN);
      }
    }

    if (
      traceEnd - traceStart !== TRACE_ID_BYTES ||
      isAllZero(buf, traceStart, traceEnd)
    ) {
      return this.fail(
        'traceId',
        byteIdProblem(traceEnd - traceStart, TRACE_ID_BYTES),
      );
    }
    if (
      spanEnd - spanStart !== SPAN_ID_BYTES ||
      isAllZero(buf, spanStart, spanEnd)
    ) {
      return this.fail(
        'spanId',
        byteIdProblem(spanEnd - spanStart, SPAN_ID_BYTES),
      );
    }
    let parentSpanId: string | undefined = undefined;
    if (parentEnd > parentStart) {
      if (
        parentEnd - parentStart !== SPAN_ID_BYTES ||
        isAllZero(buf, parentStart, parentEnd)
      ) {
        return this.fail(
          'parentSpanId',
          byteIdProblem(parentEnd - parentStart, SPAN_ID_BYTES),
        );
      }
      parentSpanId = bytesToHex(buf, parentStart, parentEnd);
    }
    if (start === 0) {
      return this.fail('startTimeUnixNano', 'is missing');
    }
    if (stop < start) {
      return this.fail(
        'endTimeUnixNano',
        stop === 0 ? 'is missing' : 'must not be before startTimeUnixNano',
      );
    }
    if (badLink >= 0 && !this.log.full) {
      this.log.add(
        `${this.spanPath()}.links[${badLink}].${
          this.linkProblem
        }; link dropped`,
      );
    }
    const traceFingerprint = traceFingerprintAt(this.ids, traceStart);
    const span: SpanRecord = {
      traceId: bytesToHex(buf, traceStart, traceEnd),
      spanId: bytesToHex(buf, spanStart, spanEnd),
      parentSpanId,
      service: this.service,
      name,
      kind: spanKindOf(kind),
      startUnixMs: start,
      endUnixMs: stop,
      error,
      statusMessage,
      attributes,
      resource: this.resource,
      links,
      events,
      // In the literal, not added after: one shape for every record.
      source: this.naming
        ? {
            format: 'protobuf',
            bytes: buf,
            start: begin,
            end,
            service: this.service,
            resource: this.resource,
          }
        : undefined,
      traceFingerprint,
      spanFingerprint: spanFingerprintAt(this.ids, spanStart),
      parentFingerprint:
        parentSpanId === undefined
          ? undefined
          : spanFingerprintAt(this.ids, parentStart),
    };
    return span;
  }

  private status(end: number): void {
    this.statusCode = 0;
    this.statusText = '';
    while (this.pos < end) {
      const tag = this.tag(end);
      if (tag === T_STATUS_MESSAGE) {
        this.statusText = this.string(end);
      } else if (tag === T_STATUS_CODE) {
        this.statusCode = this.varint(end) | 0;
      } else {
        this.skipField(tag, end, STATUS);
      }
    }
  }

  private event(end: number): SpanEventRecord | undefined {
    let timeUnixMs = 0;
    let name = '';
    const attributes: Attributes = {};
    let i = 0;
    while (this.pos < end) {
      const tag = this.tag(end);
      if (tag === T_EVENT_TIME) {
        timeUnixMs = this.fixed64Nanos(end);
      } else if (tag === T_EVENT_NAME) {
        name = this.string(end);
      } else if (tag === T_EVENT_ATTRIBUTES) {
        const next = this.lengthEnd(end);
        if (!this.keyValue(next, attributes, 'attribute')) {
          this.note.prefix(`attributes[${i}]`);
          return undefined;
        }
        this.pos = next;
        i++;
      } else {
        this.skipField(tag, end, EVENT);
      }
    }
    return { timeUnixMs, name, attributes };
  }

  /** A link with bad ids is dropped (see `linkProblem`), not the span. */
  private link(end: number): SpanLinkRecord | undefined {
    const buf = this.buf;
    let traceStart = 0;
    let traceEnd = 0;
    let spanStart = 0;
    let spanEnd = 0;
    while (this.pos < end) {
      const tag = this.tag(end);
      if (tag === T_LINK_TRACE_ID) {
        traceEnd = this.lengthEnd(end);
        traceStart = this.pos;
        this.pos = traceEnd;
      } else if (tag === T_LINK_SPAN_ID) {
        spanEnd = this.lengthEnd(end);
        spanStart = this.pos;
        this.pos = spanEnd;
      } else {
        this.skipField(tag, end, LINK);
      }
    }
    if (
      traceEnd - traceStart !== TRACE_ID_BYTES ||
      isAllZero(buf, traceStart, traceEnd)
    ) {
      this.linkProblem = `traceId: ${byteIdProblem(
        traceEnd - traceStart,
        TRACE_ID_BYTES,
      )}`;
      return undefined;
    }
    if (
      spanEnd - spanStart !== SPAN_ID_BYTES ||
      isAllZero(buf, spanStart, spanEnd)
    ) {
      this.linkProblem = `spanId: ${byteIdProblem(
        spanEnd - spanStart,
        SPAN_ID_BYTES,
      )}`;
      return undefined;
    }
    return {
      traceId: bytesToHex(buf, traceStart, traceEnd),
      spanId: bytesToHex(buf, spanStart, spanEnd),
    };
  }

  /**
   * Reads a KeyValue into `target`. Attribute maps store arrays and kvlists
   * rendered; a kvlist nested inside a value keeps plain data.
   */
  private keyValue(
    end: number,
    target: Record<string, unknown>,
    mode: KeyValueMode,
  ): boolean {
    let key = '';
    let value: unknown = null;
    /** A value read without its string, to read whole after all. */
    let skippedAt = -1;
    let skippedEnd = -1;
    while (this.pos < end) {
      const tag = this.tag(end);
      if (tag === T_KEY) {
        key = this.string(end);
      } else if (tag === T_VALUE) {
        const next = this.lengthEnd(end);
        // Encoders write the key first; a value before it is read whole.
        const keep =
          mode !== 'naming' || key === '' || NAMING_ATTRIBUTES.has(key);
        skippedAt = keep ? -1 : this.pos;
        skippedEnd = next;
        value = this.plainValue(next, 0, keep);
        if (value === INVALID) {
          this.note.prefix('value');
          return false;
        }
        this.pos = next;
      } else {
        this.skipField(tag, end, KEY_VALUE);
      }
    }
    if (skippedAt >= 0 && NAMING_ATTRIBUTES.has(key)) {
      // A later key field replaced the one the value was skipped for.
      const pos = this.pos;
      this.pos = skippedAt;
      value = this.plainValue(skippedEnd, 0);
      this.pos = pos;
    }
    if (mode === 'plain') {
      setAttribute(target, key, value);
    } else if (mode === 'attribute' || NAMING_ATTRIBUTES.has(key)) {
      const attribute = toAttributeValue(value);
      if (attribute !== undefined) {
        setAttribute(target, key, attribute);
      }
    }
    return true;
  }

  /**
   * An AnyValue as plain JSON data; null for an empty AnyValue. A string
   * value not to `keep` is stepped over and given as ''.
   */
  private plainValue(end: number, depth: number, keep = true): unknown {
    let value: unknown = null;
    while (this.pos < end) {
      const tag = this.tag(end);
      switch (tag) {
        case T_STRING:
          if (keep) {
            value = this.string(end);
          } else {
            this.pos = this.lengthEnd(end);
            value = '';
          }
          break;
        case T_BOOL:
          value = (this.varint(end) | this.hi) !== 0;
          break;
        case T_INT:
          value = this.int64(end);
          break;
        case T_DOUBLE:
          value = this.double(end);
          break;
        case T_ARRAY: {
          const next = this.lengthEnd(end);
          value = this.plainArray(next, depth + 1);
          if (value === INVALID) return INVALID;
          this.pos = next;
          break;
        }
        case T_KVLIST: {
          const next = this.lengthEnd(end);
          value = this.plainKvlist(next, depth + 1);
          if (value === INVALID) return INVALID;
          this.pos = next;
          break;
        }
        case T_BYTES: {
          const next = this.lengthEnd(end);
          value = toBase64(this.buf, this.pos, next);
          this.pos = next;
          break;
        }
        default:
          this.skipField(tag, end, ANY_VALUE);
      }
    }
    return value;
  }

  private plainArray(end: number, depth: number): unknown[] | Invalid {
    if (depth > MAX_VALUE_DEPTH) {
      return this.tooDeep('arrayValue');
    }
    const out: unknown[] = [];
    while (this.pos < end) {
      const tag = this.tag(end);
      if (tag === T_VALUES) {
        const next = this.lengthEnd(end);
        const value = this.plainValue(next, depth);
        if (value === INVALID) {
          this.note.prefix(`arrayValue.values[${out.length}]`);
          return INVALID;
        }
        out.push(value);
        this.pos = next;
      } else {
        this.skipField(tag, end, VALUES);
      }
    }
    return out;
  }

  private plainKvlist(
    end: number,
    depth: number,
  ): Record<string, unknown> | Invalid {
    if (depth > MAX_VALUE_DEPTH) {
      return this.tooDeep('kvlistValue');
    }
    const out: Record<string, unknown> = {};
    let i = 0;
    while (this.pos < end) {
      const tag = this.tag(end);
      if (tag === T_VALUES) {
        const next = this.lengthEnd(end);
        if (!this.keyValue(next, out, 'plain')) {
          this.note.prefix(`kvlistValue.values[${i}]`);
          return INVALID;
        }
        this.pos = next;
        i++;
      } else {
        this.skipField(tag, end, KV_VALUES);
      }
    }
    return out;
  }

  private tooDeep(field: string): Invalid {
    this.note.set(field, `must not nest deeper than ${MAX_VALUE_DEPTH} levels`);
    return INVALID;
  }

  private fail(field: string, rule: string): undefined {
    this.note.set(field, rule);
    return undefined;
  }
}

/**
 * Decodes a binary protobuf `ExportTraceServiceRequest` into validated
 * spans. Invalid spans are skipped and counted; malformed wire data throws
 * an `InputError` naming the byte offset.
 *
 * @public
 */
export function decodeOtlpProtobuf(
  body: Uint8Array,
  options: DecodeOptions = {},
): DecodeResult {
  if (!ArrayBuffer.isView(body)) {
    throw new InputError('OTLP protobuf body must be a Uint8Array or Buffer');
  }
  // A plain Uint8Array view (no copy): a Buffer's subarray goes through
  // Buffer's species constructor, and one element type keeps reads
  // monomorphic whatever view or realm the caller has.
  const view: ArrayBufferView = body;
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  const decoder = new ProtoTraceDecoder(bytes, options);
  decoder.request();
  return {
    spans: decoder.spans,
    rejected: decoder.rejected,
    errors: decoder.log.messages,
  };
}

/** The whole span whose protobuf `Span` message `source` holds. */
export function decodeProtobufSpan(source: SpanBytes): SpanRecord {
  return ProtoTraceDecoder.readSpan(source);
}
