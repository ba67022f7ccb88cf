import { SpanKind, SpanRecord } from '../spans';
import { decodeOtlpJson } from './decodeJson';
import { decodeOtlpProtobuf } from './decodeProtobuf';
import { decodeSpanBytes } from './decodeSpanBytes';
import {
  JsonAnyValue,
  JsonKeyValue,
  JsonRequest,
  JsonSpan,
  protobufOf,
} from './testUtils/protoWriter';
import { withFingerprints } from './testUtils/withFingerprints';
import { DecodeResult } from './types';

// Rules that both encodings share, run through both decoders from one table.

const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const SPAN_ID = 'eee19b7ec3c1b174';
const PARENT_ID = 'eee19b7ec3c1b173';
const SPAN_PATH = 'resourceSpans[0].scopeSpans[0].spans[0]';

const SERVICE: JsonKeyValue[] = [
  { key: 'service.name', value: { stringValue: 'checkout' } },
];

function span(overrides: Partial<JsonSpan> = {}): JsonSpan {
  return {
    traceId: TRACE_ID,
    spanId: SPAN_ID,
    parentSpanId: PARENT_ID,
    name: 'GET /orders',
    kind: 2,
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000000250000000',
    attributes: [{ key: 'http.route', value: { stringValue: '/orders' } }],
    status: { code: 2, message: 'boom' },
    ...overrides,
  };
}

function request(
  spans: JsonSpan[],
  resource: JsonKeyValue[] = SERVICE,
): JsonRequest {
  return {
    resourceSpans: [
      { resource: { attributes: resource }, scopeSpans: [{ spans }] },
    ],
  };
}

/** Spans decoded with `detail: 'naming'`, made whole from their bytes. */
function whole(result: DecodeResult): DecodeResult {
  return {
    ...result,
    spans: result.spans.map(s => (s.source ? decodeSpanBytes(s.source) : s)),
  };
}

const NAMING = { detail: 'naming' } as const;

// The naming mode must accept, reject and explain exactly as the full one,
// and its spans' bytes must decode to the same whole spans.
const decoders: Array<[string, (r: JsonRequest) => DecodeResult]> = [
  ['json', r => decodeOtlpJson(JSON.stringify(r))],
  ['protobuf', r => decodeOtlpProtobuf(protobufOf(r))],
  ['json (naming)', r => whole(decodeOtlpJson(JSON.stringify(r), NAMING))],
  ['protobuf (naming)', r => whole(decodeOtlpProtobuf(protobufOf(r), NAMING))],
];

describe.each(decoders)('%s decoder', (_encoding, decode) => {
  it('decodes a valid span', () => {
    const result = decode(request([span()]));
    expect(result.rejected).toBe(0);
    expect(result.errors).toEqual([]);
    expect(result.spans).toEqual<SpanRecord[]>([
      withFingerprints({
        traceId: TRACE_ID,
        spanId: SPAN_ID,
        parentSpanId: PARENT_ID,
        service: 'checkout',
        name: 'GET /orders',
        kind: SpanKind.SERVER,
        startUnixMs: 1700000000000,
        endUnixMs: 1700000000250,
        error: true,
        statusMessage: 'boom',
        attributes: { 'http.route': '/orders' },
        resource: { 'service.name': 'checkout' },
        links: [],
        events: [],
      }),
    ]);
  });

  it('treats an empty parentSpanId as a root span', () => {
    const [record] = decode(request([span({ parentSpanId: '' })])).spans;
    expect(record.parentSpanId).toBeUndefined();
  });

  it('decodes an empty request to no spans', () => {
    expect(decode({})).toEqual({ spans: [], rejected: 0, errors: [] });
  });

  it.each<[string, Partial<JsonSpan>, string, RegExp]>([
    ['traceId too short', { traceId: TRACE_ID.slice(2) }, 'traceId', /must be/],
    ['traceId too long', { traceId: `${TRACE_ID}00` }, 'traceId', /must be/],
    ['traceId missing', { traceId: undefined }, 'traceId', /must be/],
    ['traceId all zeros', { traceId: '0'.repeat(32) }, 'traceId', /zeros/],
    ['spanId too short', { spanId: SPAN_ID.slice(2) }, 'spanId', /must be/],
    ['spanId all zeros', { spanId: '0'.repeat(16) }, 'spanId', /zeros/],
    [
      'parentSpanId too short',
      { parentSpanId: 'abcd' },
      'parentSpanId',
      /must be/,
    ],
    [
      'parentSpanId all zeros',
      { parentSpanId: '0'.repeat(16) },
      'parentSpanId',
      /zeros/,
    ],
    [
      'start missing',
      { startTimeUnixNano: undefined },
      'startTimeUnixNano',
      /missing/,
    ],
    [
      'end missing',
      { endTimeUnixNano: undefined },
      'endTimeUnixNano',
      /missing/,
    ],
    [
      'end before start',
      { endTimeUnixNano: '1699999999000000000' },
      'endTimeUnixNano',
      /before startTimeUnixNano/,
    ],
  ])('rejects a span with %s', (_case, overrides, field, rule) => {
    const result = decode(request([span(), span(overrides), span()]));
    expect(result.rejected).toBe(1);
    expect(result.spans).toHaveLength(2);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(
      `resourceSpans[0].scopeSpans[0].spans[1].${field}: `,
    );
    expect(result.errors[0]).toMatch(rule);
  });

  it('names the id length rule the way the encoding carries ids', () => {
    const [message] = decode(
      request([span({ traceId: TRACE_ID.slice(2) })]),
    ).errors;
    expect([
      `${SPAN_PATH}.traceId: must be 32 hex characters, got 30`,
      `${SPAN_PATH}.traceId: must be 16 bytes, got 15`,
    ]).toContain(message);
  });

  it.each<[string, JsonKeyValue[]]>([
    ['no attributes', []],
    [
      'an empty service.name',
      [{ key: 'service.name', value: { stringValue: '' } }],
    ],
    [
      'a non-string service.name',
      [{ key: 'service.name', value: { intValue: 7 } }],
    ],
    [
      'only other attributes',
      [{ key: 'host.name', value: { stringValue: 'a' } }],
    ],
  ])('rejects every span of a resource with %s', (_case, resource) => {
    const result = decode(request([span(), span(), span()], resource));
    expect(result).toEqual({
      spans: [],
      rejected: 3,
      errors: [
        'resourceSpans[0].resource.attributes: must contain a non-empty string "service.name"',
      ],
    });
  });

  it('rejects only the resource without service.name', () => {
    const result = decode({
      resourceSpans: [
        { resource: { attributes: [] }, scopeSpans: [{ spans: [span()] }] },
        {
          resource: { attributes: SERVICE },
          scopeSpans: [{ spans: [span()] }],
        },
      ],
    });
    expect(result.rejected).toBe(1);
    expect(result.spans.map(s => s.service)).toEqual(['checkout']);
    expect(result.errors[0]).toMatch(/^resourceSpans\[0\]\.resource/);
  });

  it('shares one resource object between the spans of a resource', () => {
    const result = decode({
      resourceSpans: [
        {
          resource: { attributes: SERVICE },
          scopeSpans: [{ spans: [span(), span()] }, { spans: [span()] }],
        },
        {
          resource: { attributes: SERVICE },
          scopeSpans: [{ spans: [span()] }],
        },
      ],
    });
    const [a, b, c, d] = result.spans;
    expect(a.resource).toBe(b.resource);
    expect(a.resource).toBe(c.resource);
    expect(a.resource).not.toBe(d.resource);
    expect(a.attributes).not.toBe(b.attributes);
  });

  it('counts every rejected span but keeps at most 10 distinct messages', () => {
    const bad = Array.from({ length: 25 }, () => span({ spanId: 'ab' }));
    const result = decode(request([...bad, span()]));
    expect(result.rejected).toBe(25);
    expect(result.spans).toHaveLength(1);
    expect(result.errors).toHaveLength(10);
    expect(new Set(result.errors).size).toBe(10);
  });

  it('drops a link with a bad id but keeps the span, with a warning', () => {
    const result = decode(
      request([
        span({
          links: [
            { traceId: TRACE_ID, spanId: '0'.repeat(16) },
            { traceId: TRACE_ID, spanId: PARENT_ID },
          ],
        }),
      ]),
    );
    expect(result.rejected).toBe(0);
    expect(result.spans[0].links).toEqual([
      { traceId: TRACE_ID, spanId: PARENT_ID },
    ]);
    expect(result.errors).toEqual([
      `${SPAN_PATH}.links[0].spanId: must not be all zeros; link dropped`,
    ]);
  });

  it('rejects values nested deeper than 32 levels, naming the path', () => {
    let value: JsonAnyValue = { stringValue: 'leaf' };
    for (let i = 0; i < 40; i++) {
      value = { arrayValue: { values: [value] } };
    }
    const result = decode(
      request([span({ attributes: [{ key: 'deep', value }] })]),
    );
    expect(result.rejected).toBe(1);
    expect(result.errors[0]).toMatch(
      new RegExp(
        `^${SPAN_PATH.replace(
          /[[\].]/g,
          '\\$&',
        )}\\.attributes\\[0\\]\\.value(\\.arrayValue\\.values\\[0\\])+\\.arrayValue: must not nest deeper than 32 levels$`,
      ),
    );
  });

  it('keeps an attribute named __proto__ as data', () => {
    const [record] = decode(
      request([
        span({
          attributes: [{ key: '__proto__', value: { stringValue: 'x' } }],
        }),
      ]),
    ).spans;
    expect(Object.getPrototypeOf(record.attributes)).toBe(Object.prototype);
    expect(Object.keys(record.attributes)).toEqual(['__proto__']);
  });

  it('decodes events and every kind of attribute value', () => {
    const [record] = decode(
      request([
        span({
          attributes: [
            { key: 's', value: { stringValue: 'text' } },
            { key: 'i', value: { intValue: '-42' } },
            { key: 'big', value: { intValue: '9007199254740993' } },
            { key: 'd', value: { doubleValue: 0.25 } },
            { key: 't', value: { boolValue: true } },
            { key: 'f', value: { boolValue: false } },
            { key: 'b', value: { bytesValue: 'AQID' } },
            { key: 'empty', value: {} },
            {
              key: 'a',
              value: {
                arrayValue: {
                  values: [{ stringValue: 'x' }, { intValue: '1' }, {}],
                },
              },
            },
            {
              key: 'kv',
              value: {
                kvlistValue: {
                  values: [
                    { key: 'k', value: { boolValue: true } },
                    { key: 'n', value: { arrayValue: { values: [] } } },
                  ],
                },
              },
            },
          ],
          events: [
            {
              timeUnixNano: '1700000000100000000',
              name: 'exception',
              attributes: [
                { key: 'exception.type', value: { stringValue: 'Boom' } },
              ],
            },
          ],
        }),
      ]),
    ).spans;
    expect(record.attributes).toEqual({
      s: 'text',
      i: -42,
      big: 9007199254740992,
      d: 0.25,
      t: true,
      f: false,
      b: 'AQID',
      a: '["x",1,null]',
      kv: '{"k":true,"n":[]}',
    });
    expect(record.events).toEqual([
      {
        timeUnixMs: 1700000000100,
        name: 'exception',
        attributes: { 'exception.type': 'Boom' },
      },
    ]);
  });
});
