// Test support only: builds protobuf bodies by hand, including malformed
// ones that no real serializer would produce.

export type JsonAnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values: JsonAnyValue[] };
  kvlistValue?: { values: JsonKeyValue[] };
  bytesValue?: string;
};
export type JsonKeyValue = { key: string; value?: JsonAnyValue };
export type JsonSpan = {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  traceState?: string;
  name?: string;
  kind?: number;
  startTimeUnixNano?: string;
  endTimeUnixNano?: string;
  attributes?: JsonKeyValue[];
  events?: Array<{
    timeUnixNano?: string;
    name?: string;
    attributes?: JsonKeyValue[];
  }>;
  links?: Array<{
    traceId?: string;
    spanId?: string;
    attributes?: JsonKeyValue[];
  }>;
  status?: { code?: number; message?: string };
  flags?: number;
};
export type JsonResourceSpans = {
  resource?: { attributes?: JsonKeyValue[] };
  scopeSpans?: Array<{
    scope?: { name?: string; version?: string };
    spans?: JsonSpan[];
  }>;
};
export type JsonRequest = { resourceSpans?: JsonResourceSpans[] };

export const VARINT = 0;
export const I64 = 1;
export const LEN = 2;
export const I32 = 5;

/** Appends protobuf wire data; every method returns `this` for chaining. */
export class ProtoWriter {
  private readonly out: number[] = [];

  raw(...bytes: number[]): this {
    this.out.push(...bytes);
    return this;
  }

  tag(field: number, wireType: number): this {
    return this.varint(field * 8 + wireType);
  }

  /** Unsigned varint; a negative bigint is written as two's-complement int64. */
  varint(value: number | bigint): this {
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.out.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.out.push(Number(v));
    return this;
  }

  uint(field: number, value: number | bigint): this {
    return this.tag(field, VARINT).varint(value);
  }

  fixed64(field: number, value: bigint): this {
    this.tag(field, I64);
    let v = BigInt.asUintN(64, value);
    for (let i = 0; i < 8; i++) {
      this.out.push(Number(v & 0xffn));
      v >>= 8n;
    }
    return this;
  }

  fixed32(field: number, value: number): this {
    this.tag(field, I32);
    for (let i = 0; i < 4; i++) {
      this.out.push((value >>> (8 * i)) & 0xff);
    }
    return this;
  }

  double(field: number, value: number): this {
    this.tag(field, I64);
    const bytes = new Uint8Array(new Float64Array([value]).buffer);
    this.out.push(...bytes);
    return this;
  }

  bytes(field: number, value: ArrayLike<number>): this {
    this.tag(field, LEN).varint(value.length);
    for (let i = 0; i < value.length; i++) this.out.push(value[i]);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.out);
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}

function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

function writeAnyValue(w: ProtoWriter, v: JsonAnyValue): void {
  if (v.stringValue !== undefined) w.string(1, v.stringValue);
  if (v.boolValue !== undefined) w.uint(2, v.boolValue ? 1 : 0);
  if (v.intValue !== undefined) w.uint(3, BigInt(v.intValue));
  if (v.doubleValue !== undefined) w.double(4, v.doubleValue);
  if (v.arrayValue) {
    const values = v.arrayValue.values;
    w.message(5, a => {
      for (const item of values) a.message(1, x => writeAnyValue(x, item));
    });
  }
  if (v.kvlistValue) {
    const values = v.kvlistValue.values;
    w.message(6, l => writeKeyValues(l, 1, values));
  }
  if (v.bytesValue !== undefined) {
    w.bytes(7, Buffer.from(v.bytesValue, 'base64'));
  }
}

function writeKeyValues(
  w: ProtoWriter,
  field: number,
  list: JsonKeyValue[] | undefined,
): void {
  for (const kv of list ?? []) {
    w.message(field, m => {
      m.string(1, kv.key);
      if (kv.value) {
        const value = kv.value;
        m.message(2, x => writeAnyValue(x, value));
      }
    });
  }
}

function writeSpan(w: ProtoWriter, s: JsonSpan): void {
  if (s.traceId !== undefined) w.bytes(1, hexBytes(s.traceId));
  if (s.spanId !== undefined) w.bytes(2, hexBytes(s.spanId));
  if (s.traceState) w.string(3, s.traceState);
  if (s.parentSpanId !== undefined) w.bytes(4, hexBytes(s.parentSpanId));
  if (s.name) w.string(5, s.name);
  if (s.kind) w.uint(6, s.kind);
  if (s.startTimeUnixNano) w.fixed64(7, BigInt(s.startTimeUnixNano));
  if (s.endTimeUnixNano) w.fixed64(8, BigInt(s.endTimeUnixNano));
  writeKeyValues(w, 9, s.attributes);
  for (const e of s.events ?? []) {
    w.message(11, m => {
      if (e.timeUnixNano) m.fixed64(1, BigInt(e.timeUnixNano));
      if (e.name) m.string(2, e.name);
      writeKeyValues(m, 3, e.attributes);
    });
  }
  for (const l of s.links ?? []) {
    w.message(13, m => {
      if (l.traceId !== undefined) m.bytes(1, hexBytes(l.traceId));
      if (l.spanId !== undefined) m.bytes(2, hexBytes(l.spanId));
      writeKeyValues(m, 4, l.attributes);
    });
  }
  if (s.status) {
    const status = s.status;
    w.message(15, m => {
      if (status.message) m.string(2, status.message);
      if (status.code) m.uint(3, status.code);
    });
  }
  if (s.flags !== undefined) w.fixed32(16, s.flags);
}

/**
 * The protobuf equivalent of an OTLP/JSON request built in a test, so one
 * table of cases can exercise both decoders.
 */
export function protobufOf(request: JsonRequest): Uint8Array {
  const w = new ProtoWriter();
  for (const rs of request.resourceSpans ?? []) {
    w.message(1, r => {
      if (rs.resource) {
        const attributes = rs.resource.attributes;
        r.message(1, res => writeKeyValues(res, 1, attributes));
      }
      for (const ss of rs.scopeSpans ?? []) {
        r.message(2, s => {
          if (ss.scope?.name) {
            const scopeName = ss.scope.name;
            s.message(1, sc => sc.string(1, scopeName));
          }
          for (const span of ss.spans ?? []) {
            s.message(2, m => writeSpan(m, span));
          }
        });
      }
    });
  }
  return w.finish();
}
