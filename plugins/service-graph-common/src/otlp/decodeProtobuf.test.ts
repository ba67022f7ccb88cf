import { InputError } from '@backstage/errors';
import { SpanKind } from '../spans';
import { decodeOtlpProtobuf } from './decodeProtobuf';
import {
  I32,
  I64,
  JsonSpan,
  LEN,
  protobufOf,
  ProtoWriter,
  VARINT,
} from './testUtils/protoWriter';

// Wire-format specifics; rules shared with JSON live in decoders.test.ts.

const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const SPAN_ID = 'eee19b7ec3c1b174';
const START = 1700000000000000000n;

function hex(id: string): Uint8Array {
  return Uint8Array.from(Buffer.from(id, 'hex'));
}

function service(w: ProtoWriter, name = 'checkout'): void {
  w.message(1, kv => {
    kv.string(1, 'service.name');
    kv.message(2, v => v.string(1, name));
  });
}

/** A request around one span whose fields `build` writes. */
function oneSpan(build: (span: ProtoWriter) => void): Uint8Array {
  return new ProtoWriter()
    .message(1, rs => {
      rs.message(1, r => service(r));
      rs.message(2, ss => ss.message(2, build));
    })
    .finish();
}

function validSpanFields(w: ProtoWriter): void {
  w.bytes(1, hex(TRACE_ID))
    .bytes(2, hex(SPAN_ID))
    .string(5, 'op')
    .uint(6, 2)
    .fixed64(7, START)
    .fixed64(8, START + 1_000_000n);
}

const smallRequest: JsonSpan[] = [
  {
    traceId: TRACE_ID,
    spanId: SPAN_ID,
    parentSpanId: 'eee19b7ec3c1b173',
    name: 'GET /orders',
    kind: 2,
    startTimeUnixNano: String(START),
    endTimeUnixNano: String(START + 5_000_000n),
    attributes: [
      { key: 'a', value: { arrayValue: { values: [{ intValue: 1 }] } } },
      { key: 'd', value: { doubleValue: 0.5 } },
    ],
    events: [{ timeUnixNano: String(START), name: 'e' }],
    links: [{ traceId: TRACE_ID, spanId: SPAN_ID }],
    status: { code: 2, message: 'boom' },
    flags: 1,
  },
];

/** What decoding `body` threw, or 'decoded'. */
function outcomeOf(body: Uint8Array): unknown {
  try {
    decodeOtlpProtobuf(body);
    return 'decoded';
  } catch (error) {
    return error;
  }
}

describe('decodeOtlpProtobuf', () => {
  it('decodes an empty body to no spans', () => {
    expect(decodeOtlpProtobuf(new Uint8Array(0))).toEqual({
      spans: [],
      rejected: 0,
      errors: [],
    });
  });

  it('decodes a Buffer that is a view into a larger pool', () => {
    const message = protobufOf({
      resourceSpans: [{ scopeSpans: [{ spans: smallRequest }] }],
    });
    const padded = Buffer.alloc(message.length + 7);
    padded.set(message, 3);
    const view = padded.subarray(3, 3 + message.length);
    const result = decodeOtlpProtobuf(view);
    // No resource, so the span is rejected, but every field was read.
    expect(result.rejected).toBe(1);

    const withService = protobufOf({
      resourceSpans: [
        {
          resource: {
            attributes: [
              { key: 'service.name', value: { stringValue: 'checkout' } },
            ],
          },
          scopeSpans: [{ spans: smallRequest }],
        },
      ],
    });
    const pool = Buffer.alloc(withService.length + 5);
    pool.set(withService, 5);
    const [record] = decodeOtlpProtobuf(pool.subarray(5)).spans;
    expect(record.attributes).toEqual({ a: '[1]', d: 0.5 });
  });

  it('rejects a body that is not bytes', () => {
    expect(() => decodeOtlpProtobuf('x' as unknown as Uint8Array)).toThrow(
      InputError,
    );
  });

  describe('wire errors', () => {
    const valid = protobufOf({
      resourceSpans: [
        {
          resource: {
            attributes: [
              { key: 'service.name', value: { stringValue: 'checkout' } },
            ],
          },
          scopeSpans: [{ spans: smallRequest }],
        },
      ],
    });

    it('either decodes or throws InputError for every prefix', () => {
      expect(decodeOtlpProtobuf(valid).spans).toHaveLength(1);
      const outcomes = Array.from({ length: valid.length }, (_, length) =>
        outcomeOf(valid.subarray(0, length)),
      );
      // Only the empty prefix ends on a field boundary of the request.
      expect(outcomes[0]).toBe('decoded');
      const errors = outcomes.slice(1);
      expect(errors.filter(e => !(e instanceof InputError))).toEqual([]);
      expect(
        errors.filter(
          e =>
            !/^invalid OTLP protobuf at byte offset \d+: /.test(
              String((e as Error).message),
            ),
        ),
      ).toEqual([]);
    });

    it('either decodes or throws InputError for single-byte corruptions', () => {
      let seed = 7;
      const random = () => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed / 2147483648;
      };
      const unexpected: unknown[] = [];
      for (let i = 0; i < 3000; i++) {
        const body = Uint8Array.from(valid);
        body[Math.floor(random() * body.length)] = Math.floor(random() * 256);
        const outcome = outcomeOf(body);
        if (outcome !== 'decoded' && !(outcome instanceof InputError)) {
          unexpected.push(outcome);
        }
      }
      expect(unexpected).toEqual([]);
    });

    it.each<[string, ProtoWriter, RegExp]>([
      [
        'a length of 2^31 at the top level',
        new ProtoWriter()
          .tag(1, LEN)
          .varint(2 ** 31)
          .raw(1, 2, 3),
        /^invalid OTLP protobuf at byte offset 1: length 2147483648 of field 1 exceeds the 3 bytes left in its message$/,
      ],
      [
        'a length of 2^64-1',
        new ProtoWriter().tag(1, LEN).varint(-1n),
        /byte offset 1: length 18446744073709552000 of field 1 exceeds the 0 bytes left/,
      ],
      [
        'a nested length past the end of its parent',
        new ProtoWriter()
          .tag(1, LEN)
          .varint(4)
          .tag(2, LEN)
          .varint(10)
          .raw(0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
        /byte offset 3: length 10 of field 2 exceeds the 2 bytes left in its message/,
      ],
      [
        'a truncated varint',
        new ProtoWriter().raw(0x10, 0x80, 0x80),
        /^invalid OTLP protobuf at byte offset 1: truncated varint$/,
      ],
      [
        'a truncated tag',
        new ProtoWriter().raw(0x88),
        /byte offset 0: truncated varint/,
      ],
      [
        'a varint longer than 10 bytes',
        new ProtoWriter().raw(0x10, ...new Array(10).fill(0xff), 0x01),
        /byte offset 1: varint is longer than 10 bytes/,
      ],
      [
        'a truncated fixed64',
        new ProtoWriter().raw(0x11, 1, 2, 3),
        /byte offset 1: truncated fixed64/,
      ],
      [
        'a truncated fixed32',
        new ProtoWriter().raw(0x15, 1, 2),
        /byte offset 1: truncated fixed32/,
      ],
      [
        'field number 0',
        new ProtoWriter().raw(0x02, 0x00),
        /byte offset 0: invalid field tag 2/,
      ],
      [
        'a tag beyond 32 bits',
        new ProtoWriter().varint(2n ** 35n),
        /byte offset 0: invalid field tag 34359738368/,
      ],
      [
        'a start group (wire type 3)',
        new ProtoWriter().tag(9, 3),
        /byte offset 0: ExportTraceServiceRequest field 9 has unsupported wire type 3 \(start group\)/,
      ],
      [
        'an end group (wire type 4)',
        new ProtoWriter().tag(9, 4),
        /unsupported wire type 4 \(end group\)/,
      ],
      ['wire type 6', new ProtoWriter().tag(9, 6), /unsupported wire type 6/],
      ['wire type 7', new ProtoWriter().tag(9, 7), /unsupported wire type 7/],
      [
        'resource_spans as a varint',
        new ProtoWriter().uint(1, 5),
        /ExportTraceServiceRequest\.resource_spans \(field 1\) must have wire type 2 \(length-delimited\), got 0 \(varint\)/,
      ],
    ])('throws InputError for %s', (_case, writer, message) => {
      const error = outcomeOf(writer.finish());
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toMatch(message);
    });

    it.each<[string, (span: ProtoWriter) => void, RegExp]>([
      [
        'trace_id as a varint',
        s => s.uint(1, 7),
        /Span\.trace_id \(field 1\) must have wire type 2 \(length-delimited\), got 0 \(varint\)/,
      ],
      [
        'kind as bytes',
        s => s.string(6, 'SERVER'),
        /Span\.kind \(field 6\) must have wire type 0 \(varint\), got 2 \(length-delimited\)/,
      ],
      [
        'start_time_unix_nano as a varint',
        s => s.uint(7, 1),
        /Span\.start_time_unix_nano \(field 7\) must have wire type 1 \(fixed64\), got 0/,
      ],
      [
        'flags as a varint',
        s => s.uint(16, 1),
        /Span\.flags \(field 16\) must have wire type 5 \(fixed32\)/,
      ],
      [
        'an attribute value as a varint',
        s =>
          s.message(9, kv => {
            kv.string(1, 'k');
            kv.uint(2, 1);
          }),
        /KeyValue\.value \(field 2\) must have wire type 2/,
      ],
      [
        'int_value as fixed64',
        s =>
          s.message(9, kv => {
            kv.string(1, 'k');
            kv.message(2, v => v.fixed64(3, 1n));
          }),
        /AnyValue\.int_value \(field 3\) must have wire type 0 \(varint\), got 1/,
      ],
      [
        'status code as bytes',
        s => s.message(15, st => st.string(3, 'ERROR')),
        /Status\.code \(field 3\) must have wire type 0/,
      ],
    ])('throws InputError for %s', (_case, build, message) => {
      const error = outcomeOf(
        oneSpan(s => {
          validSpanFields(s);
          build(s);
        }),
      );
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toMatch(message);
    });
  });

  it('skips unknown fields of every wire type at every level', () => {
    const unknown = (w: ProtoWriter) =>
      w
        .uint(100, 300)
        .fixed64(101, 5n)
        .string(102, 'future')
        .fixed32(103, 9)
        .message(104, m => m.uint(1, 1).string(2, 'nested'));
    const body = new ProtoWriter()
      .message(1, rs => {
        unknown(rs);
        rs.message(1, r => {
          unknown(r);
          service(r);
        });
        rs.message(2, ss => {
          unknown(ss);
          ss.message(1, scope => scope.string(1, 'lib').string(2, '1.0'));
          ss.message(2, s => {
            unknown(s);
            validSpanFields(s);
            s.string(3, 'vendor=1').uint(10, 1).uint(12, 0).uint(14, 0);
            s.fixed32(16, 0x101);
            s.message(9, kv => {
              unknown(kv);
              kv.string(1, 'k');
              kv.message(2, v => {
                unknown(v);
                v.string(1, 'v');
              });
            });
            s.message(11, e => {
              unknown(e);
              e.fixed64(1, START).string(2, 'e').uint(4, 0);
            });
            s.message(13, l => {
              unknown(l);
              l.bytes(1, hex(TRACE_ID)).bytes(2, hex(SPAN_ID));
              l.string(3, 'x=y').uint(5, 0).fixed32(6, 1);
            });
            s.message(15, st => {
              unknown(st);
              st.uint(1, 2).string(2, 'bad').uint(3, 2);
            });
          });
          ss.string(3, 'https://opentelemetry.io/schemas/1.21.0');
        });
        rs.string(3, 'https://opentelemetry.io/schemas/1.21.0');
      })
      .uint(2, 1)
      .finish();
    const result = decodeOtlpProtobuf(body);
    expect(result.rejected).toBe(0);
    expect(result.spans).toEqual([
      expect.objectContaining({
        name: 'op',
        attributes: { k: 'v' },
        events: [{ timeUnixMs: 1700000000000, name: 'e', attributes: {} }],
        links: [{ traceId: TRACE_ID, spanId: SPAN_ID }],
        error: true,
        statusMessage: 'bad',
      }),
    ]);
  });

  it('accepts fields in any order, including the resource after its spans', () => {
    const body = new ProtoWriter()
      .message(1, rs => {
        rs.message(2, ss =>
          ss.message(2, s => {
            s.fixed64(8, START + 2_000_000n);
            s.message(9, kv => {
              kv.message(2, v => v.uint(3, 5));
              kv.string(1, 'n');
            });
            s.uint(6, 3);
            s.fixed64(7, START);
            s.bytes(2, hex(SPAN_ID));
            s.bytes(1, hex(TRACE_ID));
          }),
        );
        rs.message(1, r => service(r, 'late'));
      })
      .finish();
    const [record] = decodeOtlpProtobuf(body).spans;
    expect(record).toMatchObject({
      service: 'late',
      kind: SpanKind.CLIENT,
      startUnixMs: 1700000000000,
      endUnixMs: 1700000000002,
      attributes: { n: 5 },
    });
  });

  it('merges repeated resource messages as protobuf does', () => {
    const body = new ProtoWriter()
      .message(1, rs => {
        rs.message(1, r =>
          r.message(1, kv => {
            kv.string(1, 'host.name');
            kv.message(2, v => v.string(1, 'h1'));
          }),
        );
        rs.message(1, r => service(r));
        rs.message(2, ss => ss.message(2, validSpanFields));
      })
      .finish();
    expect(decodeOtlpProtobuf(body).spans[0].resource).toEqual({
      'host.name': 'h1',
      'service.name': 'checkout',
    });
  });

  it.each<[string, (v: ProtoWriter) => void, unknown]>([
    ['a negative int64', v => v.uint(3, -5n), -5],
    ['the smallest int64', v => v.uint(3, -(2n ** 63n)), -(2 ** 63)],
    ['an int64 beyond 2^53', v => v.uint(3, 2n ** 60n + 1n), 2 ** 60],
    ['a bool', v => v.uint(2, 1), true],
    ['a false bool', v => v.uint(2, 0), false],
    ['a bool with only high bits set', v => v.uint(2, 2n ** 40n), true],
    ['a double', v => v.double(4, -1.25), -1.25],
    ['bytes', v => v.bytes(7, [0xff, 0x00]), '/wA='],
    ['empty bytes', v => v.bytes(7, []), ''],
    ['a short multi-byte string', v => v.string(1, 'żółw'), 'żółw'],
    ['a long string', v => v.string(1, 'x'.repeat(40)), 'x'.repeat(40)],
    [
      'a long multi-byte string',
      v => v.string(1, `${'ü'.repeat(40)}🐢`),
      `${'ü'.repeat(40)}🐢`,
    ],
    ['invalid UTF-8', v => v.bytes(1, [0x61, 0xff, 0x62]), 'a\ufffdb'],
    ['the last of two oneof members', v => v.string(1, 'x').uint(3, 2), 2],
  ])('decodes %s', (_case, build, expected) => {
    const body = oneSpan(s => {
      validSpanFields(s);
      s.message(9, kv => {
        kv.string(1, 'k');
        kv.message(2, build);
      });
    });
    expect(decodeOtlpProtobuf(body).spans[0].attributes.k).toEqual(expected);
  });

  it.each<[string, number | bigint, number]>([
    ['CONSUMER', 5, SpanKind.CONSUMER],
    ['an unknown kind', 99, SpanKind.UNSPECIFIED],
    ['a negative kind', -1n, SpanKind.UNSPECIFIED],
  ])('maps %s', (_case, kind, expected) => {
    const body = oneSpan(s => {
      validSpanFields(s);
      s.uint(6, kind);
    });
    expect(decodeOtlpProtobuf(body).spans[0].kind).toBe(expected);
  });

  it('rejects a span whose values nest too deeply without overflowing the stack', () => {
    // Built inside out: each level is an AnyValue holding an ArrayValue.
    let value = new ProtoWriter().string(1, 'leaf').finish();
    for (let i = 0; i < 1000; i++) {
      const array = new ProtoWriter().bytes(1, value).finish();
      value = new ProtoWriter().bytes(5, array).finish();
    }
    const body = oneSpan(s => {
      validSpanFields(s);
      s.message(9, kv => kv.string(1, 'deep').bytes(2, value));
    });
    const result = decodeOtlpProtobuf(body);
    expect(result.rejected).toBe(1);
    expect(result.errors[0]).toMatch(/must not nest deeper than 32 levels$/);
  });

  it('reads fixed64 times exactly to the millisecond', () => {
    const body = oneSpan(s => {
      validSpanFields(s);
      s.fixed64(7, 1700000000123456789n);
      s.fixed64(8, 2n ** 64n - 1n);
    });
    const [record] = decodeOtlpProtobuf(body).spans;
    expect(record.startUnixMs).toBe(1700000000123 + 456789 / 1e6);
    expect(record.endUnixMs).toBe(18446744073709 + 551615 / 1e6);
  });

  it('treats an empty parent_span_id as a root span', () => {
    const body = oneSpan(s => {
      validSpanFields(s);
      s.bytes(4, []);
    });
    expect(decodeOtlpProtobuf(body).spans[0].parentSpanId).toBeUndefined();
  });

  it('counts the spans of a resource without service.name', () => {
    const body = new ProtoWriter()
      .message(1, rs => {
        rs.message(2, ss => {
          ss.message(2, validSpanFields);
          ss.message(2, validSpanFields);
        });
        rs.message(2, ss => ss.message(2, validSpanFields));
      })
      .finish();
    expect(decodeOtlpProtobuf(body)).toEqual({
      spans: [],
      rejected: 3,
      errors: [
        'resourceSpans[0].resource.attributes: must contain a non-empty string "service.name"',
      ],
    });
  });

  it('still checks the wire format of rejected resources', () => {
    const body = new ProtoWriter()
      .message(1, rs => {
        rs.message(2, ss => ss.message(2, s => s.uint(1, 1)).uint(2, 3));
      })
      .finish();
    const error = outcomeOf(body);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(
      /ScopeSpans\.spans \(field 2\) must have wire type 2/,
    );
  });

  it('uses the wire type constants the tests rely on', () => {
    expect([VARINT, I64, LEN, I32]).toEqual([0, 1, 2, 5]);
  });
});
