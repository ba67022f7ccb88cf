import { InputError } from '@backstage/errors';
import { SpanKind } from '../spans';
import { decodeOtlpJson } from './decodeJson';

// OTLP/JSON specifics; rules shared with protobuf live in decoders.test.ts.

const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const SPAN_ID = 'eee19b7ec3c1b174';
const SPAN_PATH = 'resourceSpans[0].scopeSpans[0].spans[0]';

function span(overrides: Record<string, unknown> = {}) {
  return {
    traceId: TRACE_ID,
    spanId: SPAN_ID,
    name: 'op',
    kind: 2,
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000000001000000',
    ...overrides,
  };
}

function body(spans: unknown[], resource: unknown = serviceResource()) {
  return JSON.stringify({
    resourceSpans: [{ resource, scopeSpans: [{ spans }] }],
  });
}

function serviceResource() {
  return {
    attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }],
  };
}

function decodeOne(overrides: Record<string, unknown>) {
  return decodeOtlpJson(body([span(overrides)]));
}

describe('decodeOtlpJson', () => {
  describe('throws InputError for a body that is not a request', () => {
    it.each<[string, string, RegExp]>([
      ['truncated JSON', '{"resourceSpans": [', /not valid JSON/],
      ['an empty body', '', /not valid JSON/],
      ['an array', '[]', /must be an object, got array/],
      ['a number', '42', /must be an object, got number/],
      ['null', 'null', /must be an object, got null/],
      ['a string', '"x"', /must be an object, got string/],
      [
        'resourceSpans as an object',
        '{"resourceSpans": {}}',
        /^resourceSpans: must be an array, got object$/,
      ],
      [
        'resourceSpans as a string',
        '{"resourceSpans": "x"}',
        /^resourceSpans: must be an array, got string$/,
      ],
      [
        'a resourceSpans entry that is not an object',
        '{"resourceSpans": [1]}',
        /^resourceSpans\[0\]: must be an object, got number$/,
      ],
      [
        'scopeSpans that is not an array',
        '{"resourceSpans": [{"scopeSpans": 5}]}',
        /^resourceSpans\[0\]\.scopeSpans: must be an array, got number$/,
      ],
      [
        'a scopeSpans entry that is not an object',
        '{"resourceSpans": [{"scopeSpans": [[]]}]}',
        /^resourceSpans\[0\]\.scopeSpans\[0\]: must be an object, got array$/,
      ],
      [
        'spans that is not an array',
        '{"resourceSpans": [{"scopeSpans": [{"spans": {}}]}]}',
        /^resourceSpans\[0\]\.scopeSpans\[0\]\.spans: must be an array, got object$/,
      ],
    ])('%s', (_case, text, message) => {
      expect(() => decodeOtlpJson(text)).toThrow(InputError);
      expect(() => decodeOtlpJson(text)).toThrow(message);
    });

    it('a body that is neither text nor bytes', () => {
      expect(() => decodeOtlpJson(42 as unknown as string)).toThrow(InputError);
    });
  });

  it.each<[string, string]>([
    ['an empty object', '{}'],
    ['null resourceSpans', '{"resourceSpans": null}'],
    ['empty resourceSpans', '{"resourceSpans": []}'],
    ['null spans', '{"resourceSpans": [{"scopeSpans": [{"spans": null}]}]}'],
  ])('decodes %s to no spans', (_case, text) => {
    expect(decodeOtlpJson(text)).toEqual({
      spans: [],
      rejected: 0,
      errors: [],
    });
  });

  it('accepts bytes, including a UTF-8 byte order mark', () => {
    const text = body([span({ name: 'résumé ✓' })]);
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(text),
    ]);
    expect(decodeOtlpJson(bytes).spans[0].name).toBe('résumé ✓');
    expect(decodeOtlpJson(new TextEncoder().encode(text)).spans).toHaveLength(
      1,
    );
  });

  it('lowercases upper-case hex ids', () => {
    const [record] = decodeOne({
      traceId: TRACE_ID.toUpperCase(),
      spanId: SPAN_ID.toUpperCase(),
      parentSpanId: 'ABCDEF0123456789',
    }).spans;
    expect(record.traceId).toBe(TRACE_ID);
    expect(record.spanId).toBe(SPAN_ID);
    expect(record.parentSpanId).toBe('abcdef0123456789');
  });

  it.each<[string, unknown, number]>([
    ['integers', 3, SpanKind.CLIENT],
    ['enum names', 'SPAN_KIND_CONSUMER', SpanKind.CONSUMER],
    ['numeric strings', '4', SpanKind.PRODUCER],
    ['unknown integers as UNSPECIFIED', 9, SpanKind.UNSPECIFIED],
    ['negative integers as UNSPECIFIED', -1, SpanKind.UNSPECIFIED],
    [
      'unknown names as UNSPECIFIED',
      'SPAN_KIND_WHATEVER',
      SpanKind.UNSPECIFIED,
    ],
    ['absence as UNSPECIFIED', undefined, SpanKind.UNSPECIFIED],
  ])('reads span kinds given as %s', (_case, kind, expected) => {
    expect(decodeOne({ kind }).spans[0].kind).toBe(expected);
  });

  it.each<[unknown, boolean]>([
    [{ code: 2 }, true],
    [{ code: 'STATUS_CODE_ERROR' }, true],
    [{ code: 1 }, false],
    [{ code: 'STATUS_CODE_OK' }, false],
    [{}, false],
    [undefined, false],
  ])('reads status %j as error=%s', (status, error) => {
    expect(decodeOne({ status }).spans[0].error).toBe(error);
  });

  it('reads 64-bit integers given as numbers or strings', () => {
    const [record] = decodeOne({
      startTimeUnixNano: 1700000000000000000,
      endTimeUnixNano: '1700000000002000000',
      attributes: [
        { key: 'n', value: { intValue: 7 } },
        { key: 's', value: { intValue: '-7' } },
      ],
    }).spans;
    expect(record.startUnixMs).toBe(1700000000000);
    expect(record.endUnixMs).toBe(1700000000002);
    expect(record.attributes).toEqual({ n: 7, s: -7 });
  });

  it('keeps sub-millisecond precision exactly where a double can', () => {
    const [record] = decodeOne({
      startTimeUnixNano: '1700000000123456789',
      endTimeUnixNano: '1700000000123456789',
    }).spans;
    expect(record.startUnixMs).toBe(1700000000123 + 456789 / 1e6);
    expect(record.endUnixMs - record.startUnixMs).toBe(0);
  });

  it('reads proto3 JSON spellings of non-finite doubles', () => {
    const [record] = decodeOne({
      attributes: [
        { key: 'nan', value: { doubleValue: 'NaN' } },
        { key: 'inf', value: { doubleValue: 'Infinity' } },
        { key: 'ninf', value: { doubleValue: '-Infinity' } },
        { key: 'str', value: { doubleValue: '1.5' } },
      ],
    }).spans;
    expect(record.attributes).toEqual({
      nan: NaN,
      inf: Infinity,
      ninf: -Infinity,
      str: 1.5,
    });
  });

  it('ignores unknown fields at every level', () => {
    const text = JSON.stringify({
      extra: { deep: [1, 2] },
      resourceSpans: [
        {
          schemaUrl: 'https://opentelemetry.io/schemas/1.21.0',
          mystery: true,
          resource: { ...serviceResource(), droppedAttributesCount: 0, x: 1 },
          scopeSpans: [
            {
              scope: { name: 'lib', version: '1.0', attributes: [] },
              somethingNew: [],
              spans: [
                span({
                  traceState: 'a=b',
                  flags: 257,
                  droppedAttributesCount: 2,
                  futureField: { nested: { list: [] } },
                  status: { code: 0, message: '', future: 1 },
                }),
              ],
            },
          ],
        },
      ],
    });
    const result = decodeOtlpJson(text);
    expect(result.rejected).toBe(0);
    expect(result.spans).toHaveLength(1);
    expect(result.spans[0].statusMessage).toBeUndefined();
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'a non-hex traceId',
      { traceId: `z${TRACE_ID.slice(1)}` },
      'traceId: must be 32 hex characters, got "z" at position 0',
    ],
    [
      'a numeric traceId',
      { traceId: 5 },
      'traceId: must be a hex string, got number',
    ],
    [
      'a non-hex spanId',
      { spanId: 'eee19b7ec3c1b17g' },
      'spanId: must be 16 hex characters, got "g" at position 15',
    ],
    [
      'a base64 spanId',
      { spanId: '7uGbfsPBsXQ=' },
      'spanId: must be 16 hex characters, got 12',
    ],
    [
      'a non-hex parentSpanId',
      { parentSpanId: '-'.repeat(16) },
      'parentSpanId: must be 16 hex characters, got "-" at position 0',
    ],
    [
      'an unparsable start time',
      { startTimeUnixNano: 'soon' },
      'startTimeUnixNano: must be an unsigned 64-bit integer of nanoseconds (decimal string or number)',
    ],
    [
      'a negative start time',
      { startTimeUnixNano: '-5' },
      'startTimeUnixNano: must not be negative',
    ],
    [
      'a boolean end time',
      { endTimeUnixNano: true },
      'endTimeUnixNano: must be an unsigned 64-bit integer of nanoseconds (decimal string or number)',
    ],
    ['a numeric name', { name: 5 }, 'name: must be a string, got number'],
    [
      'an object kind',
      { kind: {} },
      'kind: must be an integer or a SPAN_KIND_* name',
    ],
    ['a string status', { status: 'ERROR' }, 'status: must be an object'],
    [
      'a boolean status code',
      { status: { code: true } },
      'status.code: must be an integer or a STATUS_CODE_* name',
    ],
    [
      'a numeric status message',
      { status: { message: 5 } },
      'status.message: must be a string',
    ],
    [
      'attributes as an object',
      { attributes: {} },
      'attributes: must be an array, got object',
    ],
    [
      'an attribute that is not an object',
      { attributes: ['x'] },
      'attributes[0]: must be an object',
    ],
    [
      'an attribute without a key',
      { attributes: [{ value: { stringValue: 'x' } }] },
      'attributes[0].key: must be a string',
    ],
    [
      'a value that is not an AnyValue',
      { attributes: [{ key: 'k', value: 'x' }] },
      'attributes[0].value: must be an AnyValue object, got string',
    ],
    [
      'a numeric stringValue',
      { attributes: [{ key: 'k', value: { stringValue: 1 } }] },
      'attributes[0].value.stringValue: must be a string',
    ],
    [
      'a non-numeric intValue',
      { attributes: [{ key: 'k', value: { intValue: 'x1' } }] },
      'attributes[0].value.intValue: must be a 64-bit integer (decimal string or number)',
    ],
    [
      'a string boolValue',
      { attributes: [{ key: 'k', value: { boolValue: 'true' } }] },
      'attributes[0].value.boolValue: must be a boolean',
    ],
    [
      'a non-numeric doubleValue',
      { attributes: [{ key: 'k', value: { doubleValue: 'half' } }] },
      'attributes[0].value.doubleValue: must be a number',
    ],
    [
      'a numeric bytesValue',
      { attributes: [{ key: 'k', value: { bytesValue: 1 } }] },
      'attributes[0].value.bytesValue: must be a base64 string',
    ],
    [
      'arrayValue without a values array',
      { attributes: [{ key: 'k', value: { arrayValue: { values: 1 } } }] },
      'attributes[0].value.arrayValue.values: must be an array',
    ],
    [
      'a bad array element',
      {
        attributes: [
          { key: 'a', value: {} },
          {
            key: 'k',
            value: { arrayValue: { values: [{}, { boolValue: 1 }] } },
          },
        ],
      },
      'attributes[1].value.arrayValue.values[1].boolValue: must be a boolean',
    ],
    [
      'a kvlist entry without a key',
      {
        attributes: [
          { key: 'k', value: { kvlistValue: { values: [{ value: {} }] } } },
        ],
      },
      'attributes[0].value.kvlistValue.values[0]: must be an object with a string key',
    ],
    [
      'a bad kvlist value',
      {
        attributes: [
          {
            key: 'k',
            value: {
              kvlistValue: { values: [{ key: 'x', value: { intValue: [] } }] },
            },
          },
        ],
      },
      'attributes[0].value.kvlistValue.values[0].value.intValue: must be a 64-bit integer (decimal string or number)',
    ],
    ['events as an object', { events: {} }, 'events: must be an array'],
    [
      'an event that is not an object',
      { events: [null] },
      'events[0]: must be an object',
    ],
    [
      'an event with a bad time',
      { events: [{ timeUnixNano: 'x' }] },
      'events[0].timeUnixNano: must be an unsigned 64-bit integer of nanoseconds (decimal string or number)',
    ],
    [
      'an event with a numeric name',
      { events: [{ name: 1 }] },
      'events[0].name: must be a string',
    ],
    [
      'an event with a bad attribute',
      { events: [{ attributes: [{ key: 'k', value: { stringValue: 1 } }] }] },
      'events[0].attributes[0].value.stringValue: must be a string',
    ],
  ])(
    'rejects a span with %s, naming the field',
    (_case, overrides, message) => {
      const result = decodeOne(overrides);
      expect(result).toEqual({
        spans: [],
        rejected: 1,
        errors: [`${SPAN_PATH}.${message}`],
      });
    },
  );

  it('rejects a span that is not an object', () => {
    const result = decodeOtlpJson(body([span(), 'span', null]));
    expect(result.rejected).toBe(2);
    expect(result.errors).toEqual([
      'resourceSpans[0].scopeSpans[0].spans[1]: must be an object, got string',
      'resourceSpans[0].scopeSpans[0].spans[2]: must be an object, got null',
    ]);
  });

  it.each<[string, unknown, string]>([
    [
      'is not an object',
      'checkout',
      'resourceSpans[0].resource: must be an object, got string',
    ],
    [
      'has attributes that are not an array',
      { attributes: 1 },
      'resourceSpans[0].resource.attributes: must be an array, got number',
    ],
    [
      'has a malformed attribute',
      {
        attributes: [
          ...serviceResource().attributes,
          { key: 'x', value: { boolValue: 0 } },
        ],
      },
      'resourceSpans[0].resource.attributes[1].value.boolValue: must be a boolean',
    ],
  ])('rejects every span of a resource that %s', (_case, resource, message) => {
    const result = decodeOtlpJson(body([span(), span()], resource));
    expect(result).toEqual({ spans: [], rejected: 2, errors: [message] });
  });

  it('drops links that are not an array with a warning', () => {
    const result = decodeOne({ links: { traceId: TRACE_ID } });
    expect(result.rejected).toBe(0);
    expect(result.spans[0].links).toEqual([]);
    expect(result.errors).toEqual([
      `${SPAN_PATH}.links: must be an array; links dropped`,
    ]);
  });

  it('lowercases link ids and drops malformed links', () => {
    const result = decodeOne({
      links: [
        { traceId: TRACE_ID.toUpperCase(), spanId: SPAN_ID.toUpperCase() },
        'not a link',
        { traceId: TRACE_ID.slice(1), spanId: SPAN_ID },
      ],
    });
    expect(result.spans[0].links).toEqual([
      { traceId: TRACE_ID, spanId: SPAN_ID },
    ]);
    expect(result.errors).toEqual([
      `${SPAN_PATH}.links[1].traceId: must be a hex string, got undefined; link dropped`,
      `${SPAN_PATH}.links[2].traceId: must be 32 hex characters, got 31; link dropped`,
    ]);
  });

  it.each([0, 1, 3])('keeps at most maxErrors=%i messages', maxErrors => {
    const spans = Array.from({ length: 5 }, () => span({ spanId: 'x' }));
    const result = decodeOtlpJson(body(spans), { maxErrors });
    expect(result.rejected).toBe(5);
    expect(result.errors).toHaveLength(maxErrors);
  });

  it('reports each resource without service.name', () => {
    const result = decodeOtlpJson(
      JSON.stringify({
        resourceSpans: [
          { scopeSpans: [{ spans: [span()] }] },
          { scopeSpans: [{ spans: [span()] }] },
        ],
      }),
    );
    expect(result.rejected).toBe(2);
    expect(result.errors).toEqual([
      'resourceSpans[0].resource.attributes: must contain a non-empty string "service.name"',
      'resourceSpans[1].resource.attributes: must contain a non-empty string "service.name"',
    ]);
  });
});
