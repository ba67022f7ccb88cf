import { InputError } from '@backstage/errors';
import { spanFingerprint } from '../fingerprint';
import { SpanEventRecord, SpanLinkRecord, SpanRecord } from '../spans';
import {
  Attributes,
  decimalNanosToMs,
  describeJsonType,
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
  TRACE_ID_BYTES,
} from './common';
import { hexIdProblem, normalizeHexId } from './hex';
import { DecodeOptions, DecodeResult } from './types';

type JsonObject = Record<string, unknown>;

const TRACE_ID_CHARS = TRACE_ID_BYTES * 2;
const SPAN_ID_CHARS = SPAN_ID_BYTES * 2;
const NO_ITEMS: readonly unknown[] = [];
const UTF8 = new TextDecoder();

// Enum names are not OTLP/JSON, but some hand-rolled exporters send them.
const SPAN_KIND_NAMES = new Map<string, number>([
  ['SPAN_KIND_UNSPECIFIED', 0],
  ['SPAN_KIND_INTERNAL', 1],
  ['SPAN_KIND_SERVER', 2],
  ['SPAN_KIND_CLIENT', 3],
  ['SPAN_KIND_PRODUCER', 4],
  ['SPAN_KIND_CONSUMER', 5],
]);
const STATUS_CODE_NAMES = new Map<string, number>([
  ['STATUS_CODE_UNSET', 0],
  ['STATUS_CODE_OK', 1],
  ['STATUS_CODE_ERROR', 2],
]);

function parseBody(body: string | Uint8Array): unknown {
  let text: string;
  if (typeof body === 'string') {
    text = body;
  } else if (ArrayBuffer.isView(body)) {
    // isView, not instanceof: a Buffer from another realm is still bytes.
    text = UTF8.decode(body);
  } else {
    throw new InputError(
      `OTLP/JSON body must be a string or bytes, got ${describeJsonType(body)}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `OTLP/JSON body is not valid JSON: ${(error as Error).message}`,
    );
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Nanoseconds (decimal string or number) to ms; 0 when absent, NaN if bad. */
function nanosToMs(raw: unknown): number {
  if (typeof raw === 'string') {
    const ms = decimalNanosToMs(raw);
    // Not plain digits ("1.7e18", " 5"): let Number decide, losing precision.
    return Number.isNaN(ms) && raw.trim() !== '' ? Number(raw) / 1e6 : ms;
  }
  if (typeof raw === 'number') {
    return raw / 1e6;
  }
  return raw === undefined || raw === null ? 0 : NaN;
}

function timeProblem(ms: number): string {
  if (Number.isNaN(ms)) {
    return 'must be an unsigned 64-bit integer of nanoseconds (decimal string or number)';
  }
  return ms === 0 ? 'is missing' : 'must not be negative';
}

/** int64 as OTLP/JSON sends it; NaN when it is neither form. */
function int64Of(raw: unknown): number {
  if (typeof raw === 'number') {
    return raw;
  }
  if (typeof raw === 'string' && raw !== '') {
    return Number(raw);
  }
  return NaN;
}

function doubleOf(raw: unknown): number {
  if (typeof raw === 'number') {
    return raw;
  }
  // proto3 JSON spells non-finite doubles as "NaN", "Infinity", "-Infinity".
  if (typeof raw === 'string' && raw !== '') {
    const value = Number(raw);
    if (!Number.isNaN(value) || raw === 'NaN') {
      return value;
    }
  }
  return NaN;
}

function enumOf(raw: unknown, names: Map<string, number>): number {
  if (typeof raw === 'number') {
    return raw;
  }
  if (raw === undefined || raw === null) {
    return 0;
  }
  if (typeof raw === 'string') {
    // Unknown names decode as the zero value, like an unknown enum number.
    return names.get(raw) ?? (Number(raw) || 0);
  }
  return NaN;
}

/**
 * Decodes OTLP/JSON from the values `JSON.parse` made of it: the reference
 * for every rule and message. `JsonSpanScanner` reads the common shape from
 * the bytes and hands this decoder what it does not read itself (a span or
 * resource that is invalid or spelled unusually, or the whole request).
 *
 * One decoder per request. State lives in fields rather than closures so
 * that the per-span path allocates only what it returns; a failing value
 * records where and why in a FailureNote instead of throwing.
 */
export class JsonValueDecoder {
  readonly spans: SpanRecord[] = [];
  rejected = 0;
  readonly log: ErrorLog;

  private readonly note = new FailureNote();
  private service = '';
  private resource: Attributes = {};
  private resourceIndex = 0;
  private scopeIndex = 0;
  private spanIndex = 0;

  constructor(options: DecodeOptions) {
    this.log = new ErrorLog(options.maxErrors);
  }

  /** The service of the current resource. */
  get currentService(): string {
    return this.service;
  }

  /** The attributes of the current resource, shared by its spans. */
  get currentResource(): Attributes {
    return this.resource;
  }

  result(): DecodeResult {
    return {
      spans: this.spans,
      rejected: this.rejected,
      errors: this.log.messages,
    };
  }

  request(value: unknown): void {
    if (!isObject(value)) {
      throw new InputError(
        `OTLP/JSON request must be an object, got ${describeJsonType(value)}`,
      );
    }
    const list = arrayOrThrow(value.resourceSpans, 'resourceSpans');
    for (let r = 0; r < list.length; r++) {
      this.resourceSpans(list[r], r);
    }
  }

  /**
   * Makes `raw` (a `Resource`) the resource of the spans that follow; false,
   * with nothing changed, if it is invalid or names no service.
   */
  useResource(raw: unknown): boolean {
    const resource = this.resourceAttributes(raw);
    const service = resource?.['service.name'];
    if (typeof service !== 'string' || service === '') {
      return false;
    }
    this.service = service;
    this.resource = resource!;
    return true;
  }

  /** Makes these the resource of the spans that follow. */
  useService(service: string, resource: Attributes): void {
    this.service = service;
    this.resource = resource;
  }

  /** Decodes span `[r].scopeSpans[s].spans[k]` of the current resource. */
  spanAt(raw: unknown, r: number, s: number, k: number): void {
    this.resourceIndex = r;
    this.scopeIndex = s;
    this.spanIndex = k;
    const span = this.span(raw);
    if (span === undefined) {
      this.rejectSpan();
    } else {
      this.spans.push(span);
    }
  }

  private resourceSpans(raw: unknown, r: number): void {
    this.resourceIndex = r;
    if (!isObject(raw)) {
      throw new InputError(
        `resourceSpans[${r}]: must be an object, got ${describeJsonType(raw)}`,
      );
    }
    const scopes = arrayOrThrow(
      raw.scopeSpans,
      `resourceSpans[${r}].scopeSpans`,
    );
    if (!this.useResource(raw.resource)) {
      const resource = this.resourceAttributes(raw.resource);
      this.rejectResource(
        scopes,
        resource === undefined
          ? this.failure(`resourceSpans[${r}].resource`)
          : `resourceSpans[${r}].resource.attributes: must contain a non-empty string "service.name"`,
      );
      return;
    }
    for (let s = 0; s < scopes.length; s++) {
      const spans = this.spansOf(scopes[s], s);
      for (let k = 0; k < spans.length; k++) {
        this.spanAt(spans[k], r, s, k);
      }
    }
  }

  private resourceAttributes(raw: unknown): Attributes | undefined {
    if (raw === undefined || raw === null) {
      return {};
    }
    if (!isObject(raw)) {
      return this.fail('', `must be an object, got ${describeJsonType(raw)}`);
    }
    const attributes = this.attributes(raw.attributes);
    if (attributes === undefined) {
      this.prefix('attributes');
    }
    return attributes;
  }

  private spansOf(raw: unknown, s: number): readonly unknown[] {
    if (!isObject(raw)) {
      throw new InputError(
        `${this.scopePath(s)}: must be an object, got ${describeJsonType(raw)}`,
      );
    }
    const spans = raw.spans;
    if (spans === undefined || spans === null) {
      return NO_ITEMS;
    }
    if (!Array.isArray(spans)) {
      throw new InputError(
        `${this.scopePath(s)}.spans: must be an array, got ${describeJsonType(
          spans,
        )}`,
      );
    }
    return spans;
  }

  private scopePath(s: number): string {
    return `resourceSpans[${this.resourceIndex}].scopeSpans[${s}]`;
  }

  private rejectResource(scopes: readonly unknown[], message: string): void {
    let count = 0;
    for (let s = 0; s < scopes.length; s++) {
      count += this.spansOf(scopes[s], s).length;
    }
    if (count > 0) {
      this.rejected += count;
      this.log.add(message);
    }
  }

  private rejectSpan(): void {
    this.rejected++;
    if (!this.log.full) {
      this.log.add(
        this.failure(
          `resourceSpans[${this.resourceIndex}].scopeSpans[${this.scopeIndex}].spans[${this.spanIndex}]`,
        ),
      );
    }
  }

  private span(raw: unknown): SpanRecord | undefined {
    if (!isObject(raw)) {
      return this.fail('', `must be an object, got ${describeJsonType(raw)}`);
    }
    const traceId = normalizeHexId(raw.traceId, TRACE_ID_CHARS);
    if (traceId === undefined) {
      return this.fail('traceId', hexIdProblem(raw.traceId, TRACE_ID_CHARS));
    }
    const spanId = normalizeHexId(raw.spanId, SPAN_ID_CHARS);
    if (spanId === undefined) {
      return this.fail('spanId', hexIdProblem(raw.spanId, SPAN_ID_CHARS));
    }
    const rawParent = raw.parentSpanId;
    let parentSpanId: string | undefined = undefined;
    if (rawParent !== undefined && rawParent !== null && rawParent !== '') {
      parentSpanId = normalizeHexId(rawParent, SPAN_ID_CHARS);
      if (parentSpanId === undefined) {
        return this.fail(
          'parentSpanId',
          hexIdProblem(rawParent, SPAN_ID_CHARS),
        );
      }
    }
    const startUnixMs = nanosToMs(raw.startTimeUnixNano);
    if (!(startUnixMs > 0)) {
      return this.fail('startTimeUnixNano', timeProblem(startUnixMs));
    }
    const endUnixMs = nanosToMs(raw.endTimeUnixNano);
    if (!(endUnixMs >= startUnixMs)) {
      return this.fail(
        'endTimeUnixNano',
        endUnixMs > 0
          ? 'must not be before startTimeUnixNano'
          : timeProblem(endUnixMs),
      );
    }
    const name = raw.name ?? '';
    if (typeof name !== 'string') {
      return this.fail('name', `must be a string, got ${typeof name}`);
    }
    const kind = enumOf(raw.kind, SPAN_KIND_NAMES);
    if (Number.isNaN(kind)) {
      return this.fail('kind', 'must be an integer or a SPAN_KIND_* name');
    }
    const status = raw.status;
    let error = false;
    let statusMessage: string | undefined = undefined;
    if (status !== undefined && status !== null) {
      if (!isObject(status)) {
        return this.fail('status', 'must be an object');
      }
      const code = enumOf(status.code, STATUS_CODE_NAMES);
      if (Number.isNaN(code)) {
        return this.fail(
          'status.code',
          'must be an integer or a STATUS_CODE_* name',
        );
      }
      error = code === STATUS_CODE_ERROR;
      const message = status.message;
      if (typeof message === 'string') {
        statusMessage = message === '' ? undefined : message;
      } else if (message !== undefined && message !== null) {
        return this.fail('status.message', 'must be a string');
      }
    }
    const attributes = this.attributes(raw.attributes);
    if (attributes === undefined) {
      return this.prefix('attributes');
    }
    const events = this.events(raw.events);
    if (events === undefined) {
      return undefined;
    }
    return {
      traceId,
      spanId,
      parentSpanId,
      service: this.service,
      name,
      kind: spanKindOf(kind),
      startUnixMs,
      endUnixMs,
      error,
      statusMessage,
      attributes,
      resource: this.resource,
      // Last: a dropped link is only a warning, logged for valid spans only.
      links: this.links(raw.links),
      events,
      // Set by the scanner in naming mode; here for one shape of record.
      source: undefined,
      traceFingerprint: spanFingerprint(traceId, ''),
      spanFingerprint: spanFingerprint(traceId, spanId),
      parentFingerprint:
        parentSpanId === undefined
          ? undefined
          : spanFingerprint(traceId, parentSpanId),
    };
  }

  private attributes(list: unknown): Attributes | undefined {
    const out: Attributes = {};
    if (list === undefined || list === null) {
      return out;
    }
    if (!Array.isArray(list)) {
      return this.fail('', `must be an array, got ${describeJsonType(list)}`);
    }
    for (let i = 0; i < list.length; i++) {
      const kv = list[i];
      if (!isObject(kv)) {
        return this.fail(`[${i}]`, 'must be an object');
      }
      const key = kv.key;
      if (typeof key !== 'string') {
        return this.fail(`[${i}].key`, 'must be a string');
      }
      const plain = this.plainValue(kv.value, 0);
      if (plain === INVALID) {
        return this.prefix(`[${i}].value`);
      }
      const value = toAttributeValue(plain);
      if (value !== undefined) {
        setAttribute(out, key, value);
      }
    }
    return out;
  }

  /** An AnyValue as plain JSON data; null for an empty AnyValue. */
  private plainValue(raw: unknown, depth: number): unknown {
    if (raw === undefined || raw === null) {
      return null;
    }
    if (!isObject(raw)) {
      return this.invalid('', `must be an AnyValue object, got ${typeof raw}`);
    }
    let v = raw.stringValue;
    if (v !== undefined && v !== null) {
      return typeof v === 'string'
        ? v
        : this.invalid('stringValue', 'must be a string');
    }
    v = raw.intValue;
    if (v !== undefined && v !== null) {
      const n = int64Of(v);
      return Number.isNaN(n)
        ? this.invalid(
            'intValue',
            'must be a 64-bit integer (decimal string or number)',
          )
        : n;
    }
    v = raw.boolValue;
    if (v !== undefined && v !== null) {
      return typeof v === 'boolean'
        ? v
        : this.invalid('boolValue', 'must be a boolean');
    }
    v = raw.doubleValue;
    if (v !== undefined && v !== null) {
      const n = doubleOf(v);
      return Number.isNaN(n) && v !== 'NaN'
        ? this.invalid('doubleValue', 'must be a number')
        : n;
    }
    v = raw.arrayValue;
    if (v !== undefined && v !== null) {
      return this.plainArray(v, depth + 1);
    }
    v = raw.kvlistValue;
    if (v !== undefined && v !== null) {
      return this.plainKvlist(v, depth + 1);
    }
    v = raw.bytesValue;
    if (v !== undefined && v !== null) {
      return typeof v === 'string'
        ? v
        : this.invalid('bytesValue', 'must be a base64 string');
    }
    return null;
  }

  private plainArray(raw: unknown, depth: number): unknown[] | Invalid {
    const values = this.valuesOf(raw, depth, 'arrayValue');
    if (values === INVALID) {
      return INVALID;
    }
    const out: unknown[] = [];
    for (let i = 0; i < values.length; i++) {
      const plain = this.plainValue(values[i], depth);
      if (plain === INVALID) {
        this.prefix(`arrayValue.values[${i}]`);
        return INVALID;
      }
      out.push(plain);
    }
    return out;
  }

  private plainKvlist(raw: unknown, depth: number): JsonObject | Invalid {
    const values = this.valuesOf(raw, depth, 'kvlistValue');
    if (values === INVALID) {
      return INVALID;
    }
    const out: JsonObject = {};
    for (let i = 0; i < values.length; i++) {
      const kv = values[i];
      if (!isObject(kv) || typeof kv.key !== 'string') {
        return this.invalid(
          `kvlistValue.values[${i}]`,
          'must be an object with a string key',
        );
      }
      const plain = this.plainValue(kv.value, depth);
      if (plain === INVALID) {
        this.prefix(`kvlistValue.values[${i}].value`);
        return INVALID;
      }
      setAttribute(out, kv.key, plain);
    }
    return out;
  }

  private valuesOf(
    raw: unknown,
    depth: number,
    field: string,
  ): readonly unknown[] | Invalid {
    if (depth > MAX_VALUE_DEPTH) {
      return this.invalid(
        field,
        `must not nest deeper than ${MAX_VALUE_DEPTH} levels`,
      );
    }
    if (!isObject(raw)) {
      return this.invalid(field, 'must be an object');
    }
    const values = raw.values;
    if (values === undefined || values === null) {
      return NO_ITEMS;
    }
    return Array.isArray(values)
      ? values
      : this.invalid(`${field}.values`, 'must be an array');
  }

  private events(list: unknown): SpanEventRecord[] | undefined {
    const out: SpanEventRecord[] = [];
    if (list === undefined || list === null) {
      return out;
    }
    if (!Array.isArray(list)) {
      return this.fail('events', 'must be an array');
    }
    for (let i = 0; i < list.length; i++) {
      const event = list[i];
      if (!isObject(event)) {
        return this.fail(`events[${i}]`, 'must be an object');
      }
      const timeUnixMs = nanosToMs(event.timeUnixNano);
      if (Number.isNaN(timeUnixMs)) {
        return this.fail(`events[${i}].timeUnixNano`, timeProblem(timeUnixMs));
      }
      const name = event.name ?? '';
      if (typeof name !== 'string') {
        return this.fail(`events[${i}].name`, 'must be a string');
      }
      const attributes = this.attributes(event.attributes);
      if (attributes === undefined) {
        return this.prefix(`events[${i}].attributes`);
      }
      out.push({ timeUnixMs, name, attributes });
    }
    return out;
  }

  /** Malformed links are dropped with a warning; the span stays useful. */
  private links(list: unknown): SpanLinkRecord[] {
    const out: SpanLinkRecord[] = [];
    if (!Array.isArray(list)) {
      if (list !== undefined && list !== null) {
        this.warn('links', 'must be an array; links dropped');
      }
      return out;
    }
    for (let i = 0; i < list.length; i++) {
      const link = list[i];
      const raw = isObject(link) ? link : {};
      const traceId = normalizeHexId(raw.traceId, TRACE_ID_CHARS);
      const spanId = normalizeHexId(raw.spanId, SPAN_ID_CHARS);
      if (traceId === undefined) {
        this.warn(
          `links[${i}].traceId`,
          `${hexIdProblem(raw.traceId, TRACE_ID_CHARS)}; link dropped`,
        );
      } else if (spanId === undefined) {
        this.warn(
          `links[${i}].spanId`,
          `${hexIdProblem(raw.spanId, SPAN_ID_CHARS)}; link dropped`,
        );
      } else {
        out.push({ traceId, spanId });
      }
    }
    return out;
  }

  private warn(field: string, rule: string): void {
    if (!this.log.full) {
      this.log.add(
        `resourceSpans[${this.resourceIndex}].scopeSpans[${this.scopeIndex}].spans[${this.spanIndex}].${field}: ${rule}`,
      );
    }
  }

  private fail(field: string, rule: string): undefined {
    this.note.set(field, rule);
    return undefined;
  }

  private invalid(field: string, rule: string): Invalid {
    this.note.set(field, rule);
    return INVALID;
  }

  private prefix(segment: string): undefined {
    this.note.prefix(segment);
    return undefined;
  }

  private failure(path: string): string {
    return this.note.render(path);
  }
}

function arrayOrThrow(value: unknown, path: string): readonly unknown[] {
  if (value === undefined || value === null) {
    return NO_ITEMS;
  }
  if (!Array.isArray(value)) {
    throw new InputError(
      `${path}: must be an array, got ${describeJsonType(value)}`,
    );
  }
  return value;
}

/**
 * Decodes a whole request through `JSON.parse`: the reference decoding, and
 * what `decodeOtlpJson` falls back to for a request the scanner does not
 * read itself.
 */
export function decodeOtlpJsonValues(
  body: string | Uint8Array,
  options: DecodeOptions,
): DecodeResult {
  const decoder = new JsonValueDecoder(options);
  decoder.request(parseBody(body));
  return decoder.result();
}
