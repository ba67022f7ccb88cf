import {
  context,
  ROOT_CONTEXT,
  SpanKind as OtelSpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { decodeOtlpJson } from './decodeJson';
import { JsonSpanScanner } from './JsonSpanScanner';
import { decodeOtlpJsonValues, JsonValueDecoder } from './JsonValueDecoder';

// Differential tests: whatever the scanner reads itself must equal what the
// JSON.parse-based value decoder (the reference) makes of the same bytes,
// and whatever it hands over must come out exactly as the reference says.

const encoder = new TextEncoder();

type Outcome = { result: unknown } | { thrown: string };

function outcome(decode: () => unknown): Outcome {
  try {
    return { result: decode() };
  } catch (error) {
    return { thrown: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

function sameAsReference(bytes: Uint8Array): boolean {
  const scanned = outcome(() => decodeOtlpJson(bytes, { maxErrors: 100 }));
  const reference = outcome(() =>
    decodeOtlpJsonValues(bytes, { maxErrors: 100 }),
  );
  try {
    expect(scanned).toStrictEqual(reference);
    return true;
  } catch {
    return false;
  }
}

/** What `decode` returned, and the [r, s, k] of each span handed over. */
function watchingHandOver<T>(decode: () => T) {
  const spanAt = jest.spyOn(JsonValueDecoder.prototype, 'spanAt');
  try {
    const result = decode();
    return { result, handedOver: spanAt.mock.calls.map(call => call.slice(1)) };
  } finally {
    spanAt.mockRestore();
  }
}

/** A request with the shapes exporters send and a few they may. */
const BASE = `{"resourceSpans":[
 {"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}},
   {"key":"host.name","value":{"stringValue":"h-1"}}],"droppedAttributesCount":0},
  "scopeSpans":[{"scope":{"name":"lib","version":"1.0"},"spans":[
   {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
    "parentSpanId":"eee19b7ec3c1b173","name":"GET /orders","kind":2,
    "startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000000250000000",
    "attributes":[{"key":"http.route","value":{"stringValue":"/orders"}},
      {"key":"n","value":{"intValue":"-42"}},{"key":"d","value":{"doubleValue":0.5e1}},
      {"key":"b","value":{"boolValue":true}},{"key":"e","value":{}}],
    "events":[{"timeUnixNano":"1700000000100000000","name":"retry",
      "attributes":[{"key":"attempt","value":{"intValue":2}}]}],
    "links":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","traceState":""}],
    "status":{"code":2,"message":"boom"},"flags":257},
   {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b175",
    "parentSpanId":"","name":"caf\\u00e9 ✓","kind":3,
    "startTimeUnixNano":"1700000000000000001","endTimeUnixNano":"1700000000000000001",
    "attributes":[],"status":{}}]}]},
 {"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"cart"}}]},
  "scopeSpans":[{"spans":[
   {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"aee19b7ec3c1b176",
    "parentSpanId":"eee19b7ec3c1b175","name":"GetCart","kind":2,
    "startTimeUnixNano":"1700000000000000002","endTimeUnixNano":"1700000000000000003"}]}]}
]}`;

describe('JsonSpanScanner', () => {
  it('reads the base request itself, as the reference does', () => {
    const bytes = encoder.encode(BASE);
    const scanned = JsonSpanScanner.read(bytes, {});
    expect(scanned).toBeDefined();
    expect(scanned).toStrictEqual(decodeOtlpJsonValues(bytes, {}));
    expect(scanned!.spans).toHaveLength(3);
  });

  it('agrees with the reference on every truncation of the request', () => {
    const bytes = encoder.encode(BASE);
    const differing: number[] = [];
    for (let end = 0; end < bytes.length; end++) {
      if (!sameAsReference(bytes.subarray(0, end))) differing.push(end);
    }
    expect(differing).toEqual([]);
  });

  // '/' and '?' sit just below and above the digits, where times are read
  // four digits to a word.
  it.each([
    '"',
    '{',
    '}',
    '[',
    ']',
    ',',
    ':',
    '0',
    '-',
    'x',
    '\\',
    ' ',
    'n',
    '/',
    '?',
  ])(
    'agrees with the reference with %j written over any one byte',
    replacement => {
      const base = encoder.encode(BASE);
      const code = replacement.charCodeAt(0);
      const differing: number[] = [];
      for (let at = 0; at < base.length; at++) {
        if (base[at] === code) continue;
        const bytes = Uint8Array.from(base);
        bytes[at] = code;
        if (!sameAsReference(bytes)) differing.push(at);
      }
      expect(differing).toEqual([]);
    },
  );

  it('agrees with the reference with any byte at any place in a trace id', () => {
    const base = encoder.encode(BASE);
    const id = BASE.indexOf('5b8efff798038103d269b633813fc60c');
    const differing: string[] = [];
    // Every place of the first word and one of each later word.
    const places = [0, 1, 2, 3, 6, 9, 12, 15, 18, 21, 24, 27, 31];
    for (const place of places) {
      for (let code = 0; code < 256; code++) {
        const bytes = Uint8Array.from(base);
        bytes[id + place] = code;
        if (!sameAsReference(bytes)) differing.push(`${place}:${code}`);
      }
    }
    expect(differing).toEqual([]);
  });

  it.each<[string, string, string]>([
    ['enum names', '"kind":2', '"kind":"SPAN_KIND_SERVER"'],
    ['numeric times', '"1700000000000000002"', '1700000000000000002'],
    ['a time of 18 digits', '"1700000000000000002"', '"170000000000000000"'],
    ['a time of 20 digits', '"1700000000000000003"', '"17000000000000000030"'],
    ['upper-case ids', '"eee19b7ec3c1b174"', '"EEE19B7EC3C1B174"'],
    ['an all-zero id', '"eee19b7ec3c1b174"', '"0000000000000000"'],
    [
      'an escaped field name',
      '"spanId":"eee19b7ec3c1b174"',
      '"span\\u0049d":"eee19b7ec3c1b174"',
    ],
    ['a repeated field', '"name":"GetCart"', '"name":"x","name":"GetCart"'],
    [
      'scopeSpans before resource',
      '{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"cart"}}]},\n  "scopeSpans"',
      '{"scopeSpans":[],"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"cart"}}]},\n  "scopeSpans"',
    ],
    [
      'a resource without service.name',
      '"service.name","value":{"stringValue":"cart"}',
      '"x","value":{"stringValue":"cart"}',
    ],
    [
      'an array value',
      '{"stringValue":"/orders"}',
      '{"arrayValue":{"values":[{"intValue":1},{"kvlistValue":{}}]}}',
    ],
    ['bytes', '{"stringValue":"/orders"}', '{"bytesValue":"AAH+/w=="}'],
    [
      'two values in one AnyValue',
      '{"boolValue":true}',
      '{"boolValue":true,"intValue":1}',
    ],
    ['a null value', '{"boolValue":true}', '{"boolValue":null}'],
    ['a __proto__ key', '"key":"b"', '"key":"__proto__"'],
    ['an escaped key', '"key":"http.route"', '"key":"http\\u002eroute"'],
    ['an escaped string value', '"/orders"', '"\\/orders"'],
    [
      'a field after an attribute value',
      '{"stringValue":"/orders"}',
      '{"stringValue":"/orders","x":1}',
    ],
    [
      'space between the parts of an attribute',
      '{"key":"n","value":{"intValue":"-42"}}',
      '{ "key":"n","value" : {"intValue": "-42"} }',
    ],
    ['a large integer', '"-42"', '"-9007199254740993"'],
    ['a leading zero in a string integer', '"-42"', '"007"'],
    ['a fractional intValue', '{"intValue":2}', '{"intValue":2.5}'],
    ['a NaN double', '0.5e1', '"NaN"'],
    ['end before start', '"1700000000000000003"', '"1700000000000000001"'],
    ['a bad link', '"b7ad6b7169203331"', '"b7ad"'],
    ['links as an object', '"links":[', '"links":{"x":[1]},"l":['],
    [
      'a deeply nested unknown field',
      '"flags":257',
      `"flags":${'['.repeat(5000)}${']'.repeat(5000)}`,
    ],
    ['a byte order mark', '{"resourceSpans"', '\ufeff{"resourceSpans"'],
    ['trailing data', '\n]}', '\n]} x'],
    ['raw control characters', '"GetCart"', '"Get\tCart"'],
    [
      'a span that is not an object',
      '{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"aee19b7ec3c1b176"',
      '7,{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"aee19b7ec3c1b176"',
    ],
  ])('agrees with the reference on %s', (_case, from, to) => {
    expect(BASE).toContain(from);
    expect(sameAsReference(encoder.encode(BASE.replace(from, to)))).toBe(true);
  });

  it.each([
    ['a byte order mark', `\ufeff${BASE}`],
    ['a lone surrogate', BASE.replace('GetCart', 'Get\ud800Cart')],
    ['a surrogate pair', BASE.replace('GetCart', 'Get\ud83d\ude00Cart')],
  ])('agrees with the reference on text with %s', (_case, text) => {
    expect(outcome(() => decodeOtlpJson(text))).toStrictEqual(
      outcome(() => decodeOtlpJsonValues(text, {})),
    );
  });

  it('hands only the spans it does not read to the value decoder', () => {
    const bytes = encoder.encode(
      BASE.replace('"kind":3', '"kind":"SPAN_KIND_CLIENT"'),
    );
    const { result, handedOver } = watchingHandOver(() =>
      decodeOtlpJson(bytes),
    );
    expect(result.spans.map(s => s.kind)).toEqual([2, 3, 2]);
    expect(handedOver).toEqual([[0, 0, 1]]);
  });

  it('reads what the stock SDK serializer writes itself, as the reference does', async () => {
    const exporter = new InMemorySpanExporter();
    const providers = ['frontend', 'checkout'].map(
      service =>
        new TracerProvider({
          resource: resourceFromAttributes({
            'service.name': service,
            'service.version': '1.0.0',
          }),
          spanProcessors: [new SimpleSpanProcessor({ exporter })],
        }),
    );
    for (let i = 0; i < 20; i++) {
      const root = providers[0].getTracer('shop').startSpan('GET /cart', {
        kind: OtelSpanKind.SERVER,
        attributes: { 'http.route': '/cart', 'http.response.status_code': 200 },
      });
      const call = providers[0].getTracer('shop').startSpan(
        'GET',
        {
          kind: OtelSpanKind.CLIENT,
          attributes: { 'server.address': 'checkout', 'net.ratio': 0.25 },
          links: [{ context: root.spanContext() }],
        },
        trace.setSpan(ROOT_CONTEXT, root),
      );
      const served = providers[1]
        .getTracer('shop')
        .startSpan(
          'Checkout ✓',
          { kind: OtelSpanKind.SERVER, attributes: { 'rpc.method': 'Get' } },
          trace.setSpan(context.active(), call),
        );
      served.addEvent('cache miss', { 'cache.hit': false });
      if (i % 5 === 0) {
        served.setStatus({
          code: SpanStatusCode.ERROR,
          message: `failed ${i}`,
        });
      }
      served.end();
      call.end();
      root.end();
    }
    const spans = exporter.getFinishedSpans();
    const bytes = JsonTraceSerializer.serializeRequest(spans)!;

    const { result, handedOver } = watchingHandOver(() =>
      JsonSpanScanner.read(bytes, {}),
    );
    expect(handedOver).toEqual([]);
    expect(result).toStrictEqual(decodeOtlpJsonValues(bytes, {}));
    expect(result!.spans).toHaveLength(60);
    await Promise.all(providers.map(p => p.shutdown()));
  });
});
