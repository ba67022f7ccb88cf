import { InputError } from '@backstage/errors';
import { nanosHiLoToMs } from './common';
import { decodeUtf8 } from './utf8';

export const WIRE_VARINT = 0;
export const WIRE_I64 = 1;
export const WIRE_LEN = 2;
export const WIRE_I32 = 5;

const WIRE_NAMES = [
  'varint',
  'fixed64',
  'length-delimited',
  'start group',
  'end group',
  'fixed32',
  'invalid',
  'invalid',
];

/**
 * The fields of one protobuf message that the decoder knows, by number: the
 * wire type a known field must use, and names for error messages.
 */
export type MessageSchema = {
  name: string;
  fields: ReadonlyArray<readonly [name: string, wireType: number] | undefined>;
};

export function messageSchema(
  name: string,
  fields: Record<number, readonly [string, number]>,
): MessageSchema {
  const table: Array<readonly [string, number] | undefined> = [];
  for (const [number, field] of Object.entries(fields)) {
    table[Number(number)] = field;
  }
  return { name, fields: table };
}

/** Tag value of a field: what `ProtoReader.tag` returns for it. */
export function tagOf(field: number, wireType: number): number {
  return field * 8 + wireType;
}

/**
 * A cursor over protobuf wire format. Every read is bounded by the `end` of
 * the enclosing message, so a nested length can never reach past its parent
 * and no allocation is sized by a claimed length before it is checked.
 */
export class ProtoReader {
  protected readonly buf: Uint8Array;
  protected pos = 0;
  /** High 32 bits of the last varint read (its low bits are returned). */
  protected hi = 0;
  /** Offset of the last tag, for error messages. */
  protected tagAt = 0;
  private view: DataView | undefined = undefined;

  constructor(buf: Uint8Array) {
    this.buf = buf;
  }

  /** The next field tag (field number × 8 + wire type). */
  protected tag(end: number): number {
    const at = this.pos;
    this.tagAt = at;
    const tag = this.varint(end);
    if (this.hi !== 0 || tag < 8) {
      throw this.error(at, `invalid field tag ${this.hi * 4294967296 + tag}`);
    }
    return tag;
  }

  /** Low 32 bits of a varint as an unsigned number; high bits in `hi`. */
  protected varint(end: number): number {
    const pos = this.pos;
    if (pos < end) {
      const b = this.buf[pos];
      if (b < 0x80) {
        this.pos = pos + 1;
        this.hi = 0;
        return b;
      }
    }
    return this.varintSlow(end);
  }

  private varintSlow(end: number): number {
    const buf = this.buf;
    const start = this.pos;
    let pos = start;
    let lo = 0;
    let b = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      if (pos >= end) throw this.truncated(start, 'varint');
      b = buf[pos++];
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        this.hi = 0;
        return lo >>> 0;
      }
    }
    if (pos >= end) throw this.truncated(start, 'varint');
    b = buf[pos++];
    lo |= (b & 0x7f) << 28;
    let hi = (b & 0x7f) >> 4;
    if (b >= 0x80) {
      for (let shift = 3; ; shift += 7) {
        if (shift > 31) {
          throw this.error(start, 'varint is longer than 10 bytes');
        }
        if (pos >= end) throw this.truncated(start, 'varint');
        b = buf[pos++];
        hi |= (b & 0x7f) << shift;
        if (b < 0x80) break;
      }
    }
    this.pos = pos;
    this.hi = hi >>> 0;
    return lo >>> 0;
  }

  /** A two's-complement int64 as a double (exact up to 2^53). */
  protected int64(end: number): number {
    const lo = this.varint(end);
    return (this.hi | 0) * 4294967296 + lo;
  }

  /** Reads a length prefix and returns where the payload ends. */
  protected lengthEnd(end: number): number {
    const at = this.pos;
    const length = this.varint(end);
    const remaining = end - this.pos;
    if (this.hi !== 0 || length > remaining) {
      throw this.error(
        at,
        `length ${
          this.hi * 4294967296 + length
        } of field ${this.fieldAtTag()} exceeds the ${remaining} bytes left in its message`,
      );
    }
    return this.pos + length;
  }

  /** A fixed64 of Unix nanoseconds, in milliseconds (see nanosHiLoToMs). */
  protected fixed64Nanos(end: number): number {
    const p = this.pos;
    if (end - p < 8) throw this.truncated(p, 'fixed64');
    const b = this.buf;
    const lo =
      (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
    const hi =
      (b[p + 4] | (b[p + 5] << 8) | (b[p + 6] << 16) | (b[p + 7] << 24)) >>> 0;
    this.pos = p + 8;
    return nanosHiLoToMs(hi, lo);
  }

  protected double(end: number): number {
    const p = this.pos;
    if (end - p < 8) throw this.truncated(p, 'double');
    if (this.view === undefined) {
      const buf = this.buf;
      this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    }
    this.pos = p + 8;
    return this.view.getFloat64(p, true);
  }

  protected string(end: number): string {
    const stop = this.lengthEnd(end);
    const start = this.pos;
    this.pos = stop;
    return decodeUtf8(this.buf, start, stop);
  }

  /**
   * Skips a field the decoder does not use. A known field with the wrong
   * wire type means the sender's schema differs from ours: reject the body
   * rather than guess.
   */
  protected skipField(tag: number, end: number, schema: MessageSchema): void {
    const field = tag >>> 3;
    const wireType = tag & 7;
    const known = schema.fields[field];
    if (known !== undefined && known[1] !== wireType) {
      throw this.error(
        this.tagAt,
        `${schema.name}.${known[0]} (field ${field}) must have wire type ${
          known[1]
        } (${WIRE_NAMES[known[1]]}), got ${wireType} (${WIRE_NAMES[wireType]})`,
      );
    }
    switch (wireType) {
      case WIRE_VARINT:
        this.varint(end);
        return;
      case WIRE_I64:
        this.advance(8, end, 'fixed64');
        return;
      case WIRE_LEN:
        this.pos = this.lengthEnd(end);
        return;
      case WIRE_I32:
        this.advance(4, end, 'fixed32');
        return;
      default:
        throw this.error(
          this.tagAt,
          `${schema.name} field ${field} has unsupported wire type ${wireType} (${WIRE_NAMES[wireType]})`,
        );
    }
  }

  private advance(bytes: number, end: number, what: string): void {
    if (end - this.pos < bytes) throw this.truncated(this.pos, what);
    this.pos += bytes;
  }

  private fieldAtTag(): number {
    // Re-reading the tag is cheaper than remembering it on the happy path.
    let tag = 0;
    for (
      let i = this.tagAt, shift = 0;
      i < this.buf.length && shift < 35;
      i++
    ) {
      tag += (this.buf[i] & 0x7f) * 2 ** shift;
      shift += 7;
      if (this.buf[i] < 0x80) break;
    }
    return Math.floor(tag / 8);
  }

  private truncated(at: number, what: string): InputError {
    return this.error(at, `truncated ${what}`);
  }

  protected error(at: number, problem: string): InputError {
    return new InputError(
      `invalid OTLP protobuf at byte offset ${at}: ${problem}`,
    );
  }
}
