import {
  IdBytes,
  idBytes,
  spanFingerprintAt,
  traceFingerprintAt,
} from '../fingerprint';
import { NAMING_ATTRIBUTES } from '../pairing/names';
import {
  AttributeValue,
  SpanBytes,
  SpanEventRecord,
  SpanKind,
  SpanLinkRecord,
  SpanRecord,
} from '../spans';
import {
  Attributes,
  decimalNanosBytesToMs,
  setAttribute,
  spanKindOf,
  SPAN_ID_BYTES,
  STATUS_CODE_ERROR,
  TRACE_ID_BYTES,
} from './common';
import { JsonValueDecoder } from './JsonValueDecoder';
import { DecodeOptions, DecodeResult } from './types';
import { decodeUtf8 } from './utf8';

/**
 * Thrown, preallocated, to leave the fast path: `SPAN_ASIDE` when one span
 * needs the value decoder (it is invalid or spelled in a way the scanner
 * does not read), `REQUEST_ASIDE` when the whole request does (bad JSON, a
 * resource without service.name, anything unusual outside the spans).
 */
class Aside extends Error {}
const SPAN_ASIDE = new Aside('span');
const REQUEST_ASIDE = new Aside('request');

const TRACE_ID_CHARS = TRACE_ID_BYTES * 2;
const SPAN_ID_CHARS = SPAN_ID_BYTES * 2;
const UTF8 = new TextDecoder();
// Shared by every span without links or events; nothing appends to them.
const NO_LINKS: SpanLinkRecord[] = [];
const NO_EVENTS: SpanEventRecord[] = [];

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const BACKSLASH = 0x5c;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const LOWER_A = 0x61;
const LOWER_E = 0x65;
const LOWER_F = 0x66;
const UPPER_E = 0x45;

/**
 * A name as its bytes, and the little-endian 32-bit words of them (the
 * bytes after the last whole word are compared one by one): comparing a
 * word at a time cost a third of comparing bytes, and field names were a
 * quarter of a span's own decoding time.
 */
type Name = { bytes: Uint8Array; words: Int32Array };

/**
 * Names compared in place, so no string is made per field or key; found by
 * their length first.
 */
type Names = {
  list: Name[];
  /** Length → indices in `list` of the names that long. */
  byLength: number[][];
};

function nameOf(text: string): Name {
  const bytes = Uint8Array.from(text, c => c.charCodeAt(0));
  const view = new DataView(bytes.buffer);
  const words = new Int32Array(bytes.length >> 2);
  for (let w = 0; w < words.length; w++) {
    words[w] = view.getInt32(w * 4, true);
  }
  return { bytes, words };
}

function names(...list: string[]): Names {
  const named = list.map(nameOf);
  const byLength: number[][] = [];
  named.forEach(({ bytes }, index) => {
    for (let l = byLength.length; l <= bytes.length; l++) byLength.push([]);
    byLength[bytes.length].push(index);
  });
  return { list: named, byLength };
}

/** Whether `name` is spelled at `at`; the caller knows its bytes are there. */
function isNameAt(b: Uint8Array, view: DataView, at: number, name: Name) {
  const words = name.words;
  for (let w = 0; w < words.length; w++) {
    if (view.getInt32(at + w * 4, true) !== words[w]) {
      return false;
    }
  }
  const bytes = name.bytes;
  for (let i = words.length * 4; i < bytes.length; i++) {
    if (b[at + i] !== bytes[i]) {
      return false;
    }
  }
  return true;
}

/** The index in `known` of the name spelled by `b[start..end)`, or -1. */
function indexOfName(
  b: Uint8Array,
  view: DataView,
  start: number,
  end: number,
  known: Names,
): number {
  const candidates = known.byLength[end - start];
  if (candidates !== undefined) {
    for (let c = 0; c < candidates.length; c++) {
      const index = candidates[c];
      if (isNameAt(b, view, start, known.list[index])) {
        return index;
      }
    }
  }
  return -1;
}

/** Naming attributes' keys, found in place: other keys are never made. */
const NAMING_KEYS = [...NAMING_ATTRIBUTES];
const NAMING_KEY_BYTES = names(...NAMING_KEYS);
const REQUEST_FIELDS = names('resourceSpans');
const RESOURCE_SPANS_FIELDS = names('resource', 'scopeSpans');
const SCOPE_SPANS_FIELDS = names('spans');
// In the order the stock SDKs write them, so that the field after the last
// one read is the first guess; those after `links` are skipped.
const SPAN_FIELDS = names(
  'traceId',
  'spanId',
  'parentSpanId',
  'name',
  'kind',
  'startTimeUnixNano',
  'endTimeUnixNano',
  'attributes',
  'droppedAttributesCount',
  'events',
  'droppedEventsCount',
  'status',
  'links',
  'droppedLinksCount',
  'flags',
  'traceState',
);
const [
  TRACE_ID,
  SPAN_ID,
  PARENT_SPAN_ID,
  NAME,
  KIND,
  START_TIME,
  END_TIME,
  ATTRIBUTES,
  ,
  EVENTS,
  ,
  STATUS,
  LINKS,
] = SPAN_FIELDS.list.map((_, i) => i);
const STATUS_FIELDS = names('code', 'message');
const KEY_VALUE_FIELDS = names('key', 'value');
// AnyValue: the scalar fields are read here; arrays, kvlists and bytes (rare
// in attributes) go to the value decoder with their span.
const ANY_VALUE_FIELDS = names(
  'stringValue',
  'intValue',
  'boolValue',
  'doubleValue',
  'arrayValue',
  'kvlistValue',
  'bytesValue',
);
const EVENT_FIELDS = names('timeUnixNano', 'name', 'attributes');
const LINK_FIELDS = names('traceId', 'spanId');
const TRUE = nameOf('true').bytes;
const FALSE = nameOf('false').bytes;
const NULL = nameOf('null').bytes;
// An attribute as the stock exporters spell it, around its key and value:
// {"key":"…","value":{"stringValue":"…"}} or {…{"intValue":…}}.
const KEY_OPEN = nameOf('{"key":"');
const VALUE_OPEN = nameOf('","value":{"');
const STRING_VALUE_OPEN = nameOf('stringValue":"');
const INT_VALUE_OPEN = nameOf('intValue":');

/** Lowercase hex digits → their value; every other byte → 16. */
const HEX_DIGIT = new Uint8Array(256).fill(16);
for (let c = 0; c < 16; c++) {
  HEX_DIGIT['0123456789abcdef'.charCodeAt(c)] = c;
}

/** Digits of Unix nanoseconds from 2001 to 2286: every time exporters send. */
const NANOS_DIGITS = 19;

/** Largest digit count read as an exact integer without `Number`. */
const MAX_EXACT_DIGITS = 15;

/**
 * Reads OTLP/JSON spans straight from the request bytes, building nothing
 * but the records it returns: field names are compared as bytes, unknown
 * fields are skipped by a validating skipper, ids and times are read in
 * place. It reads the shape stock exporters send (proto3 JSON in field
 * order, hex ids, times and int64 as decimal strings, integer enums, scalar
 * attribute values). Whatever else it meets goes to `JsonValueDecoder`,
 * which owns every rule and message: a span on its own (from its bytes),
 * or the whole request. So the scanner never decides that something is
 * invalid; it only recognises what is plainly valid.
 */
export class JsonSpanScanner {
  private readonly b: Uint8Array;
  /** `b` read a word at a time, by `isNameAt` and for fingerprints. */
  private readonly view: DataView;
  private readonly ids: IdBytes;
  private p = 0;
  private readonly decoder: JsonValueDecoder;
  /** Set by `stringEnd`: the string held escapes. */
  private escaped = false;
  private readonly closers: number[] = [];
  /** `detail: 'naming'`: naming attributes only, no events, a source. */
  private readonly naming: boolean;

  private constructor(bytes: Uint8Array, options: DecodeOptions) {
    // A plain Uint8Array view whatever the caller passed: request bodies
    // are Buffers and held spans' slabs are not, and reads of both kinds
    // made every byte load polymorphic (a third of the span's own time).
    this.b = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.ids = idBytes(this.b, true);
    this.view = this.ids.view;
    this.decoder = new JsonValueDecoder(options);
    this.naming = options.detail === 'naming';
  }

  /** The decoded request, or undefined if the value decoder must read it. */
  static read(
    bytes: Uint8Array,
    options: DecodeOptions,
  ): DecodeResult | undefined {
    const scanner = new JsonSpanScanner(bytes, options);
    try {
      scanner.request();
    } catch (error) {
      if (error === REQUEST_ASIDE || error === SPAN_ASIDE) {
        return undefined;
      }
      throw error;
    }
    return scanner.decoder.result();
  }

  /** The whole span whose JSON object `source` holds. */
  static readSpan(source: SpanBytes): SpanRecord {
    const scanner = new JsonSpanScanner(source.bytes, {});
    scanner.p = source.start;
    scanner.decoder.useService(source.service, source.resource);
    try {
      return scanner.span();
    } catch (error) {
      if (error !== SPAN_ASIDE && error !== REQUEST_ASIDE) {
        throw error;
      }
    }
    const text = UTF8.decode(source.bytes.subarray(source.start, source.end));
    scanner.decoder.spanAt(JSON.parse(text), 0, 0, 0);
    const [span] = scanner.decoder.spans;
    if (span === undefined) {
      // The same bytes were accepted when the request came in.
      throw new Error(
        `span no longer decodes: ${scanner.decoder.log.messages.join('; ')}`,
      );
    }
    return span;
  }

  private request(): void {
    const b = this.b;
    // TextDecoder drops a byte order mark; so does the scanner.
    if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
      this.p = 3;
    }
    if (this.ws() !== LBRACE) {
      throw REQUEST_ASIDE;
    }
    let seen = false;
    for (let more = this.firstField(); more; more = this.nextField()) {
      if (this.field(REQUEST_FIELDS, 0) < 0) {
        this.skipValue();
        continue;
      }
      if (seen || this.ws() !== LBRACKET) {
        throw REQUEST_ASIDE;
      }
      seen = true;
      for (let r = 0, item = this.firstItem(); item; item = this.nextItem()) {
        this.resourceSpans(r++);
      }
    }
    if (this.ws() !== undefined) {
      throw REQUEST_ASIDE;
    }
  }

  private resourceSpans(r: number): void {
    if (this.b[this.p] !== LBRACE) {
      throw REQUEST_ASIDE;
    }
    let seen = 0;
    for (let more = this.firstField(); more; more = this.nextField()) {
      const field = this.field(RESOURCE_SPANS_FIELDS, seen);
      if (field < 0) {
        this.skipValue();
        continue;
      }
      // The resource must come first (as proto3 JSON writers put it): its
      // service names the spans that follow.
      if (seen !== field) {
        throw REQUEST_ASIDE;
      }
      seen++;
      if (field === 0) {
        this.resource();
      } else {
        this.scopeSpansList(r);
      }
    }
  }

  private resource(): void {
    this.ws();
    const start = this.p;
    this.skipValue();
    const value = JSON.parse(UTF8.decode(this.b.subarray(start, this.p)));
    if (!this.decoder.useResource(value)) {
      throw REQUEST_ASIDE;
    }
  }

  private scopeSpansList(r: number): void {
    if (this.ws() !== LBRACKET) {
      throw REQUEST_ASIDE;
    }
    for (let s = 0, more = this.firstItem(); more; more = this.nextItem()) {
      if (this.b[this.p] !== LBRACE) {
        throw REQUEST_ASIDE;
      }
      let seen = false;
      for (let field = this.firstField(); field; field = this.nextField()) {
        if (this.field(SCOPE_SPANS_FIELDS, 0) < 0) {
          this.skipValue();
          continue;
        }
        if (seen || this.ws() !== LBRACKET) {
          throw REQUEST_ASIDE;
        }
        seen = true;
        for (let k = 0, item = this.firstItem(); item; item = this.nextItem()) {
          this.spanAt(r, s, k++);
        }
      }
      s++;
    }
  }

  private spanAt(r: number, s: number, k: number): void {
    const start = this.p;
    try {
      this.decoder.spans.push(this.span());
    } catch (error) {
      if (error !== SPAN_ASIDE) {
        throw error;
      }
      this.p = start;
      this.skipValue();
      const text = UTF8.decode(this.b.subarray(start, this.p));
      const decoded = this.decoder.spans.length;
      this.decoder.spanAt(JSON.parse(text), r, s, k);
      // Whole already, but held by its bytes all the same.
      if (this.naming && this.decoder.spans.length > decoded) {
        this.decoder.spans[decoded].source = this.sourceOf(start);
      }
    }
  }

  /** The span whose JSON object started at `start` and ends here. */
  private sourceOf(start: number): SpanBytes {
    return {
      format: 'json',
      bytes: this.b,
      start,
      end: this.p,
      service: this.decoder.currentService,
      resource: this.decoder.currentResource,
    };
  }

  private span(): SpanRecord {
    if (this.b[this.p] !== LBRACE) {
      throw SPAN_ASIDE;
    }
    const start = this.p;
    let seen = 0;
    let traceId = '';
    let spanId = '';
    let parentSpanId: string | undefined = undefined;
    // Where the ids' hex text starts, for their fingerprints.
    let traceAt = 0;
    let spanAt = 0;
    let parentAt = 0;
    let name = '';
    let kind: SpanKind = SpanKind.UNSPECIFIED;
    let startUnixMs = 0;
    let endUnixMs = 0;
    let error = false;
    let statusMessage: string | undefined = undefined;
    let attributes: Attributes | undefined = undefined;
    let events = NO_EVENTS;
    let links = NO_LINKS;
    let next = 0;
    for (let more = this.firstField(); more; more = this.nextField()) {
      const field = this.field(SPAN_FIELDS, next);
      if (field < 0) {
        this.skipValue();
        continue;
      }
      next = field + 1;
      // A repeated field: JSON.parse keeps the last, so let it decide.
      if ((seen & (1 << field)) !== 0) {
        throw SPAN_ASIDE;
      }
      seen |= 1 << field;
      this.ws();
      switch (field) {
        case TRACE_ID:
          traceAt = this.p + 1;
          traceId = this.hexId(TRACE_ID_CHARS);
          break;
        case SPAN_ID:
          spanAt = this.p + 1;
          spanId = this.hexId(SPAN_ID_CHARS);
          break;
        case PARENT_SPAN_ID:
          if (this.b[this.p + 1] === QUOTE && this.b[this.p] === QUOTE) {
            this.p += 2;
          } else {
            parentAt = this.p + 1;
            parentSpanId = this.hexId(SPAN_ID_CHARS);
          }
          break;
        case NAME:
          name = this.string();
          break;
        case KIND:
          kind = spanKindOf(this.smallInteger());
          break;
        case START_TIME:
          startUnixMs = this.nanos();
          break;
        case END_TIME:
          endUnixMs = this.nanos();
          break;
        case ATTRIBUTES:
          attributes = this.attributes();
          break;
        case EVENTS:
          // Read in either mode, so that both accept the same spans.
          events = this.events();
          break;
        case LINKS:
          links = this.links();
          break;
        case STATUS: {
          const code = this.status();
          error = code === STATUS_CODE_ERROR;
          statusMessage = this.statusMessage;
          break;
        }
        default:
          this.skipValue();
      }
    }
    if (
      traceId === '' ||
      spanId === '' ||
      !(startUnixMs > 0) ||
      !(endUnixMs >= startUnixMs)
    ) {
      throw SPAN_ASIDE;
    }
    const service = this.decoder.currentService;
    const resource = this.decoder.currentResource;
    const traceFingerprint = traceFingerprintAt(this.ids, traceAt);
    const span: SpanRecord = {
      traceId,
      spanId,
      parentSpanId,
      service,
      name,
      kind,
      startUnixMs,
      endUnixMs,
      error,
      statusMessage,
      attributes: attributes ?? {},
      resource,
      links,
      events,
      // In the literal: added after, it cost a tenth of the span's time.
      source: this.naming ? this.sourceOf(start) : undefined,
      traceFingerprint,
      spanFingerprint: spanFingerprintAt(this.ids, spanAt),
      parentFingerprint:
        parentSpanId === undefined
          ? undefined
          : spanFingerprintAt(this.ids, parentAt),
    };
    return span;
  }

  private statusMessage: string | undefined = undefined;

  /** The status code; leaves the message in `statusMessage`. */
  private status(): number {
    if (this.b[this.p] !== LBRACE) {
      throw SPAN_ASIDE;
    }
    let code = 0;
    let message = '';
    let seen = 0;
    for (let more = this.firstField(); more; more = this.nextField()) {
      const field = this.field(STATUS_FIELDS, seen);
      if (field < 0) {
        this.skipValue();
        continue;
      }
      if ((seen & (1 << field)) !== 0) {
        throw SPAN_ASIDE;
      }
      seen |= 1 << field;
      this.ws();
      if (field === 0) {
        code = this.smallInteger();
      } else {
        message = this.string();
      }
    }
    this.statusMessage = message === '' ? undefined : message;
    return code;
  }

  private attributes(): Attributes {
    const out: Attributes = {};
    if (this.b[this.p] !== LBRACKET) {
      throw SPAN_ASIDE;
    }
    for (let more = this.firstItem(); more; more = this.nextItem()) {
      if (!this.exporterKeyValue(out)) {
        this.keyValue(out);
      }
    }
    return out;
  }

  /**
   * An attribute spelled exactly as the stock exporters write it, with a
   * string or integer value, read by comparing its fixed parts a word at a
   * time: attributes were about half of a span's decoding, and field by
   * field each took a dozen steps. False, having moved nothing, for any
   * other spelling, which `keyValue` then reads.
   */
  private exporterKeyValue(out: Attributes): boolean {
    const b = this.b;
    const at = this.p;
    if (!this.spelledAt(at, KEY_OPEN)) {
      return false;
    }
    const keyStart = at + KEY_OPEN.bytes.length;
    const keyEnd = this.stringEnd(keyStart);
    if (this.escaped || !this.spelledAt(keyEnd, VALUE_OPEN)) {
      return false;
    }
    const valueAt = keyEnd + VALUE_OPEN.bytes.length;
    // The value's kind before the key is made: other kinds go to `keyValue`,
    // which makes the key itself.
    const isString = this.spelledAt(valueAt, STRING_VALUE_OPEN);
    if (!isString && !this.spelledAt(valueAt, INT_VALUE_OPEN)) {
      return false;
    }
    const key = this.naming
      ? this.namingKeyIn(keyStart, keyEnd)
      : decodeUtf8(b, keyStart, keyEnd);
    const keep = !this.naming || key !== '';
    let value: AttributeValue;
    if (isString) {
      this.p = valueAt + STRING_VALUE_OPEN.bytes.length - 1;
      value = keep ? this.string() : this.skipString();
    } else {
      this.p = valueAt + INT_VALUE_OPEN.bytes.length;
      value = b[this.p] === QUOTE ? this.integerString() : this.integerNumber();
    }
    if (b[this.p] !== RBRACE || b[this.p + 1] !== RBRACE) {
      this.p = at;
      return false;
    }
    this.p += 2;
    if (keep) {
      setAttribute(out, key, value);
    }
    return true;
  }

  private keyValue(out: Attributes): void {
    if (this.b[this.p] !== LBRACE) {
      throw SPAN_ASIDE;
    }
    let key: string | undefined = undefined;
    let value: AttributeValue | undefined = undefined;
    // Whether to make and store the value; a value before its key is made.
    let keep = true;
    let seen = 0;
    for (let more = this.firstField(); more; more = this.nextField()) {
      const field = this.field(KEY_VALUE_FIELDS, seen);
      if (field < 0) {
        this.skipValue();
        continue;
      }
      if ((seen & (1 << field)) !== 0) {
        throw SPAN_ASIDE;
      }
      seen |= 1 << field;
      this.ws();
      if (field === 0) {
        key = this.naming ? this.namingKey() : this.string();
        keep = !this.naming || key !== '';
      } else {
        value = this.anyValue(keep);
      }
    }
    if (key === undefined) {
      throw SPAN_ASIDE;
    }
    if (value !== undefined && keep) {
      setAttribute(out, key, value);
    }
  }

  /**
   * A scalar AnyValue; undefined for an empty one. A string not to `keep`
   * is checked but not made: its value is then ''.
   */
  private anyValue(keep: boolean): AttributeValue | undefined {
    const b = this.b;
    if (b[this.p] !== LBRACE) {
      throw SPAN_ASIDE;
    }
    let value: AttributeValue | undefined = undefined;
    for (let more = this.firstField(); more; more = this.nextField()) {
      const field = this.field(ANY_VALUE_FIELDS, 0);
      if (field < 0) {
        this.skipValue();
        continue;
      }
      // Two fields of a oneof: the value decoder knows which one wins.
      if (value !== undefined || field > 3) {
        throw SPAN_ASIDE;
      }
      const c = this.ws();
      if (field === 0) {
        value = keep ? this.string() : this.skipString();
      } else if (field === 1) {
        value = c === QUOTE ? this.integerString() : this.integerNumber();
      } else if (field === 2) {
        if (this.literal(TRUE)) {
          value = true;
        } else if (this.literal(FALSE)) {
          value = false;
        } else {
          throw SPAN_ASIDE;
        }
      } else {
        const start = this.p;
        if (c === QUOTE || c === LBRACE || c === LBRACKET) {
          throw SPAN_ASIDE;
        }
        this.skipNumber();
        value = Number(decodeUtf8(b, start, this.p));
      }
    }
    return value;
  }

  /** The span's events; none in naming mode, though they are checked. */
  private events(): SpanEventRecord[] {
    if (this.b[this.p] !== LBRACKET) {
      throw SPAN_ASIDE;
    }
    let out = NO_EVENTS;
    for (let more = this.firstItem(); more; more = this.nextItem()) {
      if (this.b[this.p] !== LBRACE) {
        throw SPAN_ASIDE;
      }
      let timeUnixMs = 0;
      let name = '';
      let attributes: Attributes | undefined = undefined;
      let seen = 0;
      let next = 0;
      for (let field = this.firstField(); field; field = this.nextField()) {
        const index = this.field(EVENT_FIELDS, next);
        if (index < 0) {
          this.skipValue();
          continue;
        }
        next = index + 1;
        if ((seen & (1 << index)) !== 0) {
          throw SPAN_ASIDE;
        }
        seen |= 1 << index;
        this.ws();
        if (index === 0) {
          timeUnixMs = this.nanos();
        } else if (index === 1) {
          name = this.string();
        } else {
          attributes = this.attributes();
        }
      }
      if (!this.naming) {
        if (out === NO_EVENTS) out = [];
        out.push({ timeUnixMs, name, attributes: attributes ?? {} });
      }
    }
    return out;
  }

  private links(): SpanLinkRecord[] {
    if (this.b[this.p] !== LBRACKET) {
      throw SPAN_ASIDE;
    }
    let out = NO_LINKS;
    for (let more = this.firstItem(); more; more = this.nextItem()) {
      if (this.b[this.p] !== LBRACE) {
        throw SPAN_ASIDE;
      }
      let traceId = '';
      let spanId = '';
      let seen = 0;
      for (let field = this.firstField(); field; field = this.nextField()) {
        const index = this.field(LINK_FIELDS, seen);
        if (index < 0) {
          this.skipValue();
          continue;
        }
        if ((seen & (1 << index)) !== 0) {
          throw SPAN_ASIDE;
        }
        seen |= 1 << index;
        this.ws();
        if (index === 0) {
          traceId = this.hexId(TRACE_ID_CHARS);
        } else {
          spanId = this.hexId(SPAN_ID_CHARS);
        }
      }
      // A malformed link is dropped with a warning: the value decoder's job.
      if (traceId === '' || spanId === '') {
        throw SPAN_ASIDE;
      }
      if (out === NO_LINKS) out = [];
      out.push({ traceId, spanId });
    }
    return out;
  }

  // ---- values

  /** A lowercase, non-zero hex id of `chars` digits in quotes. */
  private hexId(chars: number): string {
    const b = this.b;
    const start = this.p + 1;
    const end = start + chars;
    if (b[this.p] !== QUOTE || b[end] !== QUOTE) {
      throw SPAN_ASIDE;
    }
    let bits = 0;
    for (let i = start; i < end; i++) {
      bits |= HEX_DIGIT[b[i]];
    }
    // Upper case, not hex or all zeros: the value decoder lowercases or
    // rejects.
    if (bits === 0 || bits > 15) {
      throw SPAN_ASIDE;
    }
    this.p = end + 1;
    return chars === SPAN_ID_CHARS ? text16(b, start) : text32(b, start);
  }

  /** Steps over a JSON string, checking it; the scanner sits on its quote. */
  private skipString(): string {
    if (this.b[this.p] !== QUOTE) {
      throw SPAN_ASIDE;
    }
    this.p = this.stringEnd(this.p + 1) + 1;
    return '';
  }

  /** A JSON string; the scanner sits on its opening quote. */
  private string(): string {
    const b = this.b;
    if (b[this.p] !== QUOTE) {
      throw SPAN_ASIDE;
    }
    const start = this.p + 1;
    const end = this.stringEnd(start);
    this.p = end + 1;
    if (!this.escaped) {
      return decodeUtf8(b, start, end);
    }
    return parseString(b, start - 1, end + 1);
  }

  /**
   * Unix nanoseconds as a decimal string, in ms. The number form (allowed,
   * but it loses precision) and anything else go to the value decoder.
   */
  private nanos(): number {
    const b = this.b;
    if (b[this.p] !== QUOTE) {
      throw SPAN_ASIDE;
    }
    const start = this.p + 1;
    if (b[start + NANOS_DIGITS] === QUOTE) {
      const ms = nineteenDigitNanosToMs(b, this.view, start);
      if (ms >= 0) {
        this.p = start + NANOS_DIGITS + 1;
        return ms;
      }
    }
    let end = start;
    while (b[end] >= DIGIT_0 && b[end] <= DIGIT_9) {
      end++;
    }
    if (b[end] !== QUOTE || end === start || end - start > 20) {
      throw SPAN_ASIDE;
    }
    this.p = end + 1;
    return decimalNanosBytesToMs(b, start, end);
  }

  /** An enum as a small non-negative JSON integer. */
  private smallInteger(): number {
    const b = this.b;
    let end = this.p;
    let value = 0;
    while (b[end] >= DIGIT_0 && b[end] <= DIGIT_9 && end - this.p < 9) {
      value = value * 10 + (b[end] - DIGIT_0);
      end++;
    }
    if (end === this.p || isNumberPart(b[end])) {
      throw SPAN_ASIDE;
    }
    this.p = end;
    return value;
  }

  /** An int64 as a JSON number with no fraction, exact below 10^15. */
  private integerNumber(): number {
    const value = this.digits(this.p);
    if (isNumberPart(this.b[this.p])) {
      throw SPAN_ASIDE;
    }
    return value;
  }

  /** An int64 as a quoted decimal, exact below 10^15. */
  private integerString(): number {
    this.p++;
    const value = this.digits(this.p);
    if (this.b[this.p] !== QUOTE) {
      throw SPAN_ASIDE;
    }
    this.p++;
    return value;
  }

  /** An optionally negative run of digits from `start`; moves past it. */
  private digits(start: number): number {
    const b = this.b;
    let i = start;
    const negative = b[i] === MINUS;
    if (negative) {
      i++;
    }
    const first = i;
    let value = 0;
    while (b[i] >= DIGIT_0 && b[i] <= DIGIT_9) {
      value = value * 10 + (b[i] - DIGIT_0);
      i++;
    }
    const count = i - first;
    // A leading zero is not JSON for a number; in a string it would be
    // fine, but such spellings are rare enough to leave to the decoder.
    if (
      count === 0 ||
      count > MAX_EXACT_DIGITS ||
      (count > 1 && b[first] === DIGIT_0)
    ) {
      throw SPAN_ASIDE;
    }
    this.p = i;
    return negative ? -value : value;
  }

  private literal(word: Uint8Array): boolean {
    const b = this.b;
    const p = this.p;
    for (let i = 0; i < word.length; i++) {
      if (b[p + i] !== word[i]) {
        return false;
      }
    }
    if (isNumberPart(b[p + word.length]) || isLetter(b[p + word.length])) {
      throw REQUEST_ASIDE;
    }
    this.p = p + word.length;
    return true;
  }

  /** Whether `name` is spelled at `at`, all of it before the end. */
  private spelledAt(at: number, name: Name): boolean {
    return (
      at + name.bytes.length <= this.b.length &&
      isNameAt(this.b, this.view, at, name)
    );
  }

  // ---- structure

  /** Skips whitespace; the byte there (undefined at the end). */
  private ws(): number | undefined {
    const b = this.b;
    let p = this.p;
    let c = b[p];
    // Stock exporters write no whitespace: one compare settles most calls.
    if (c > 0x20) {
      return c;
    }
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      c = b[++p];
    }
    this.p = p;
    return c;
  }

  /**
   * On an object's `{`: true if it has a field, then on its name. Callers
   * check for the `{` first, where it tells them what kind of value it is.
   */
  private firstField(): boolean {
    this.p++;
    if (this.ws() === RBRACE) {
      this.p++;
      return false;
    }
    return true;
  }

  /** After a field's value: true if another follows, then on its name. */
  private nextField(): boolean {
    const c = this.ws();
    this.p++;
    if (c === COMMA) {
      this.ws();
      return true;
    }
    if (c === RBRACE) {
      return false;
    }
    throw REQUEST_ASIDE;
  }

  /** On an array's `[`: true if it has an item, then on its first byte. */
  private firstItem(): boolean {
    this.p++;
    if (this.ws() === RBRACKET) {
      this.p++;
      return false;
    }
    return true;
  }

  private nextItem(): boolean {
    const c = this.ws();
    this.p++;
    if (c === COMMA) {
      this.ws();
      return true;
    }
    if (c === RBRACKET) {
      return false;
    }
    throw REQUEST_ASIDE;
  }

  /**
   * Reads a field name and its colon; the index of the name in `fields`,
   * or -1 for any other name. `guess` is the index to try first: writers
   * keep to one order, so the guess is usually right, and then the name is
   * compared in place without looking for its end first. Names spelled with
   * escapes may still be known ones, so they go to the value decoder.
   */
  private field(fields: Names, guess: number): number {
    const b = this.b;
    if (b[this.p] !== QUOTE) {
      throw REQUEST_ASIDE;
    }
    const start = this.p + 1;
    if (guess < fields.list.length) {
      const name = fields.list[guess];
      const length = name.bytes.length;
      // No name holds a backslash, so this quote ends the string.
      if (b[start + length] === QUOTE) {
        if (isNameAt(b, this.view, start, name)) {
          this.p = start + length + 1;
          if (this.ws() !== COLON) {
            throw REQUEST_ASIDE;
          }
          this.p++;
          return guess;
        }
      }
    }
    const end = this.stringEnd(start);
    if (this.escaped) {
      throw SPAN_ASIDE;
    }
    this.p = end + 1;
    if (this.ws() !== COLON) {
      throw REQUEST_ASIDE;
    }
    this.p++;
    return indexOfName(b, this.view, start, end, fields);
  }

  /**
   * An attribute's key in naming mode: the key if it is a naming
   * attribute, else ''. Compared in place, so other keys are never made.
   */
  private namingKey(): string {
    const start = this.p + 1;
    this.skipString();
    const end = this.p - 1;
    if (this.escaped) {
      const key = parseString(this.b, start - 1, end + 1);
      return NAMING_ATTRIBUTES.has(key) ? key : '';
    }
    return this.namingKeyIn(start, end);
  }

  /** The naming attribute spelled by `b[start..end)` (no escapes), or ''. */
  private namingKeyIn(start: number, end: number): string {
    const known = indexOfName(this.b, this.view, start, end, NAMING_KEY_BYTES);
    return known < 0 ? '' : NAMING_KEYS[known];
  }

  /**
   * The index of the closing quote of the string whose content starts at
   * `start`; sets `escaped` if it held escapes. Control characters make the
   * JSON invalid.
   */
  private stringEnd(start: number): number {
    const b = this.b;
    const length = b.length;
    let escapes = 0;
    let i = start;
    for (;;) {
      if (i >= length) {
        throw REQUEST_ASIDE;
      }
      const c = b[i];
      if (c === QUOTE) {
        break;
      }
      if (c < 0x20) {
        throw REQUEST_ASIDE;
      }
      if (c === BACKSLASH) {
        escapes++;
        i += 2;
      } else {
        i++;
      }
    }
    this.escaped = escapes !== 0;
    if (this.escaped) {
      checkEscapes(b, start, i);
    }
    return i;
  }

  private skipNumber(): void {
    const b = this.b;
    let i = this.p;
    if (b[i] === MINUS) {
      i++;
    }
    if (b[i] === DIGIT_0) {
      i++;
    } else if (b[i] > DIGIT_0 && b[i] <= DIGIT_9) {
      while (b[i] >= DIGIT_0 && b[i] <= DIGIT_9) i++;
    } else {
      throw REQUEST_ASIDE;
    }
    if (b[i] === DOT) {
      i++;
      if (!(b[i] >= DIGIT_0 && b[i] <= DIGIT_9)) throw REQUEST_ASIDE;
      while (b[i] >= DIGIT_0 && b[i] <= DIGIT_9) i++;
    }
    if (b[i] === LOWER_E || b[i] === UPPER_E) {
      i++;
      if (b[i] === PLUS || b[i] === MINUS) i++;
      if (!(b[i] >= DIGIT_0 && b[i] <= DIGIT_9)) throw REQUEST_ASIDE;
      while (b[i] >= DIGIT_0 && b[i] <= DIGIT_9) i++;
    }
    this.p = i;
  }

  /**
   * Skips one JSON value of any shape, checking it is valid JSON, without
   * recursion (a hostile body may nest deeply).
   */
  private skipValue(): void {
    const b = this.b;
    const closers = this.closers;
    const bottom = closers.length;
    for (;;) {
      const c = this.ws();
      if (c === LBRACE) {
        if (this.firstField()) {
          closers.push(RBRACE);
          this.skipName();
          continue;
        }
      } else if (c === LBRACKET) {
        if (this.firstItem()) {
          closers.push(RBRACKET);
          continue;
        }
      } else if (c === QUOTE) {
        this.p = this.stringEnd(this.p + 1) + 1;
      } else if (c === MINUS || (c! >= DIGIT_0 && c! <= DIGIT_9)) {
        this.skipNumber();
      } else if (
        !this.literal(TRUE) &&
        !this.literal(FALSE) &&
        !this.literal(NULL)
      ) {
        throw REQUEST_ASIDE;
      }
      // After a value: close what ends here, or go on to the next one.
      for (;;) {
        if (closers.length === bottom) {
          return;
        }
        const next = this.ws();
        const closer = closers[closers.length - 1];
        this.p++;
        if (next === COMMA) {
          this.ws();
          if (closer === RBRACE) {
            this.skipName();
          }
          break;
        }
        if (next !== closer) {
          throw REQUEST_ASIDE;
        }
        closers.pop();
      }
      if (b[this.p] === undefined) {
        throw REQUEST_ASIDE;
      }
    }
  }

  private skipName(): void {
    if (this.b[this.p] !== QUOTE) {
      throw REQUEST_ASIDE;
    }
    this.p = this.stringEnd(this.p + 1) + 1;
    if (this.ws() !== COLON) {
      throw REQUEST_ASIDE;
    }
    this.p++;
  }
}

/**
 * The four ASCII digits at `at` as a number, or -1 if any is not a digit:
 * one word load and two compares check all four.
 */
function fourDigits(view: DataView, at: number): number {
  const word = view.getInt32(at, true);
  // Each byte 0x30–0x3f, and none above 0x39 (adding 6 would carry it).
  if (
    (word & 0xf0f0f0f0) !== 0x30303030 ||
    ((word + 0x06060606) & 0xf0f0f0f0) !== 0x30303030
  ) {
    return -1;
  }
  const d = word - 0x30303030;
  return (
    (d & 0xff) * 1000 +
    ((d >> 8) & 0xff) * 100 +
    ((d >> 16) & 0xff) * 10 +
    (d >>> 24)
  );
}

function oneDigit(b: Uint8Array, at: number): number {
  const digit = b[at] - DIGIT_0;
  return digit >= 0 && digit <= 9 ? digit : -1;
}

/**
 * `decimalNanosBytesToMs` of the 19 digits at `start`, read four at a time,
 * or -1 if they are not all digits: the same whole milliseconds (13 digits)
 * and rest (6), so the same number. Each part is named by the place of its
 * first digit within the milliseconds or the rest.
 */
function nineteenDigitNanosToMs(
  b: Uint8Array,
  view: DataView,
  start: number,
): number {
  const ms0 = fourDigits(view, start);
  const ms4 = fourDigits(view, start + 4);
  const ms8 = fourDigits(view, start + 8);
  const ms12 = oneDigit(b, start + 12);
  const ns0 = fourDigits(view, start + 13);
  const ns4 = oneDigit(b, start + 17);
  const ns5 = oneDigit(b, start + 18);
  if ((ms0 | ms4 | ms8 | ms12 | ns0 | ns4 | ns5) < 0) {
    return -1;
  }
  const ms = ((ms0 * 10_000 + ms4) * 10_000 + ms8) * 10 + ms12;
  return ms + (ns0 * 100 + ns4 * 10 + ns5) / 1e6;
}

function isNumberPart(c: number | undefined): boolean {
  return (
    c !== undefined &&
    ((c >= DIGIT_0 && c <= DIGIT_9) ||
      c === DOT ||
      c === LOWER_E ||
      c === UPPER_E ||
      c === MINUS ||
      c === PLUS)
  );
}

function isLetter(c: number | undefined): boolean {
  return c !== undefined && (c | 0x20) >= LOWER_A && (c | 0x20) <= 0x7a;
}

/** Checks that every escape in `b[start..end)` is one JSON allows. */
function checkEscapes(b: Uint8Array, start: number, end: number): void {
  for (let i = start; i < end; i++) {
    if (b[i] === BACKSLASH) {
      const e = b[i + 1];
      if (e === 0x75 /* u */) {
        for (let k = i + 2; k < i + 6; k++) {
          const h = b[k] | 0x20;
          if (
            !((h >= DIGIT_0 && h <= DIGIT_9) || (h >= LOWER_A && h <= LOWER_F))
          ) {
            throw REQUEST_ASIDE;
          }
        }
        i += 5;
      } else if (
        e === QUOTE ||
        e === BACKSLASH ||
        e === 0x2f ||
        e === 0x62 ||
        e === 0x66 ||
        e === 0x6e ||
        e === 0x72 ||
        e === 0x74
      ) {
        i++;
      } else {
        throw REQUEST_ASIDE;
      }
    }
  }
}

/** A string with escapes, quotes included: rare, so JSON.parse does it. */
function parseString(b: Uint8Array, start: number, end: number): string {
  return JSON.parse(UTF8.decode(b.subarray(start, end))) as string;
}

// Ids are unique per span, so they bypass the string cache; one
// `fromCharCode` call makes a flat string, where concatenating halves would
// leave a rope to flatten when the id is hashed.

function text16(b: Uint8Array, p: number): string {
  return String.fromCharCode(
    b[p],
    b[p + 1],
    b[p + 2],
    b[p + 3],
    b[p + 4],
    b[p + 5],
    b[p + 6],
    b[p + 7],
    b[p + 8],
    b[p + 9],
    b[p + 10],
    b[p + 11],
    b[p + 12],
    b[p + 13],
    b[p + 14],
    b[p + 15],
  );
}

function text32(b: Uint8Array, p: number): string {
  return String.fromCharCode(
    b[p],
    b[p + 1],
    b[p + 2],
    b[p + 3],
    b[p + 4],
    b[p + 5],
    b[p + 6],
    b[p + 7],
    b[p + 8],
    b[p + 9],
    b[p + 10],
    b[p + 11],
    b[p + 12],
    b[p + 13],
    b[p + 14],
    b[p + 15],
    b[p + 16],
    b[p + 17],
    b[p + 18],
    b[p + 19],
    b[p + 20],
    b[p + 21],
    b[p + 22],
    b[p + 23],
    b[p + 24],
    b[p + 25],
    b[p + 26],
    b[p + 27],
    b[p + 28],
    b[p + 29],
    b[p + 30],
    b[p + 31],
  );
}
