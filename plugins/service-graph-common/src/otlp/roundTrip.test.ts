import {
  Attributes as OtelAttributes,
  HrTime,
  ROOT_CONTEXT,
  SpanKind as OtelSpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
} from '@opentelemetry/api';
import {
  JsonTraceSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import {
  defaultResource,
  Resource,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import {
  InMemorySpanExporter,
  ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { SpanKind, SpanRecord } from '../spans';
import { decodeOtlpJson } from './decodeJson';
import { decodeOtlpProtobuf } from './decodeProtobuf';
import { withFingerprints } from './testUtils/withFingerprints';

// Requests serialized by the stock OpenTelemetry JS exporters' serializers,
// so these tests prove the decoders read what real SDKs send.

const TRACE_A = '0af7651916cd43dd8448eb211c80319c';
const TRACE_B = '4bf92f3577b34da6a3ce929d0e0e4736';

type SpanSpec = {
  name: string;
  kind: OtelSpanKind;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  start: HrTime;
  end: HrTime;
  status?: { code: SpanStatusCode; message?: string };
  attributes?: OtelAttributes;
  events?: ReadableSpan['events'];
  links?: ReadableSpan['links'];
  resource: Resource;
  scope?: string;
};

// One object per scope, as a tracer shares it: the protobuf serializer
// groups spans by scope identity, the JSON one by name and version.
const scopes = new Map<string, ReadableSpan['instrumentationScope']>();
function scope(name: string): ReadableSpan['instrumentationScope'] {
  let found = scopes.get(name);
  if (!found) {
    found = { name, version: '1.0.0' };
    scopes.set(name, found);
  }
  return found;
}

/** A finished span exactly as an SDK hands it to an exporter. */
function readableSpan(spec: SpanSpec): ReadableSpan {
  const context = {
    traceId: spec.traceId,
    spanId: spec.spanId,
    traceFlags: TraceFlags.SAMPLED,
  };
  return {
    name: spec.name,
    kind: spec.kind,
    spanContext: () => context,
    parentSpanContext: spec.parentSpanId
      ? {
          traceId: spec.traceId,
          spanId: spec.parentSpanId,
          traceFlags: TraceFlags.SAMPLED,
          isRemote: true,
        }
      : undefined,
    startTime: spec.start,
    endTime: spec.end,
    duration: [0, 0],
    ended: true,
    status: spec.status ?? { code: SpanStatusCode.UNSET },
    attributes: spec.attributes ?? {},
    links: spec.links ?? [],
    events: spec.events ?? [],
    resource: spec.resource,
    instrumentationScope: scope(spec.scope ?? 'test'),
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

function decodeBoth(spans: ReadableSpan[]) {
  const json = JsonTraceSerializer.serializeRequest(spans);
  const protobuf = ProtobufTraceSerializer.serializeRequest(spans);
  if (!json || !protobuf) {
    throw new Error('the serializer produced no request');
  }
  return {
    json: decodeOtlpJson(Buffer.from(json)),
    protobuf: decodeOtlpProtobuf(protobuf),
  };
}

/** Attribute values of every type the SDK serializer can produce. */
const ALL_VALUE_TYPES = {
  'a.string': 'text ✓',
  'a.int': 42,
  'a.negative': -7,
  'a.large': 2 ** 40,
  'a.double': 0.5,
  'a.true': true,
  'a.false': false,
  'a.strings': ['x', 'y'],
  'a.numbers': [1, 2.5],
  'a.bools': [true, false],
  // Not in the API's Attributes type, but the serializer encodes them.
  'a.bytes': Uint8Array.from([0, 1, 254, 255]),
  'a.map': { nested: 'v', depth: { n: 1 } },
  'a.empty': null,
} as unknown as OtelAttributes;

const RENDERED_VALUE_TYPES = {
  'a.string': 'text ✓',
  'a.int': 42,
  'a.negative': -7,
  'a.large': 2 ** 40,
  'a.double': 0.5,
  'a.true': true,
  'a.false': false,
  'a.strings': '["x","y"]',
  'a.numbers': '[1,2.5]',
  'a.bools': '[true,false]',
  'a.bytes': 'AAH+/w==',
  'a.map': '{"nested":"v","depth":{"n":1}}',
};

describe('round trip through the OpenTelemetry JS serializers', () => {
  const checkout = resourceFromAttributes({
    'service.name': 'checkout',
    'service.version': '1.2.3',
    'host.cpus': 8,
    'k8s.pod.ready': true,
    'process.args': ['node', 'main.js'],
  });
  const payments = resourceFromAttributes({ 'service.name': 'payments' });

  const spans = [
    readableSpan({
      name: 'POST /checkout',
      kind: OtelSpanKind.SERVER,
      traceId: TRACE_A,
      spanId: '00f067aa0ba902b7',
      start: [1700000000, 0],
      end: [1700000000, 250_000_000],
      attributes: ALL_VALUE_TYPES,
      events: [
        {
          name: 'exception',
          time: [1700000000, 100_000_500],
          attributes: { 'exception.type': 'TimeoutError', 'retry.count': 2 },
        },
        { name: 'no attributes', time: [1700000000, 200_000_000] },
      ],
      resource: checkout,
    }),
    readableSpan({
      name: 'charge',
      kind: OtelSpanKind.CLIENT,
      traceId: TRACE_A,
      spanId: '53995c3f42cd8ad8',
      parentSpanId: '00f067aa0ba902b7',
      start: [1700000000, 10_000_000],
      end: [1700000000, 240_123_456],
      status: { code: SpanStatusCode.ERROR, message: 'card declined' },
      attributes: { 'peer.service': 'payments' },
      resource: checkout,
      scope: 'http-client',
    }),
    readableSpan({
      name: 'publish order',
      kind: OtelSpanKind.PRODUCER,
      traceId: TRACE_A,
      spanId: '1111111111111111',
      parentSpanId: '00f067aa0ba902b7',
      start: [1700000000, 20_000_000],
      end: [1700000000, 21_000_000],
      status: { code: SpanStatusCode.OK },
      resource: checkout,
    }),
    readableSpan({
      name: 'POST /charge',
      kind: OtelSpanKind.SERVER,
      traceId: TRACE_A,
      spanId: '2222222222222222',
      parentSpanId: '53995c3f42cd8ad8',
      start: [1700000000, 12_000_000],
      end: [1700000000, 238_000_000],
      resource: payments,
    }),
    readableSpan({
      name: 'consume order',
      kind: OtelSpanKind.CONSUMER,
      traceId: TRACE_B,
      spanId: '3333333333333333',
      start: [1700000001, 0],
      end: [1700000001, 5_000_000],
      links: [
        {
          context: {
            traceId: TRACE_A,
            spanId: '1111111111111111',
            traceFlags: TraceFlags.SAMPLED,
          },
          attributes: { 'messaging.operation': 'receive' },
        },
      ],
      resource: payments,
    }),
    readableSpan({
      name: 'compute',
      kind: OtelSpanKind.INTERNAL,
      traceId: TRACE_B,
      spanId: '4444444444444444',
      parentSpanId: '3333333333333333',
      start: [1700000001, 1_000_000],
      end: [1700000001, 1_000_000],
      resource: payments,
    }),
  ];

  const checkoutResource = {
    'service.name': 'checkout',
    'service.version': '1.2.3',
    'host.cpus': 8,
    'k8s.pod.ready': true,
    'process.args': '["node","main.js"]',
  };
  const paymentsResource = { 'service.name': 'payments' };

  const base = {
    parentSpanId: undefined,
    error: false,
    statusMessage: undefined,
    attributes: {},
    links: [],
    events: [],
  };

  const expected: SpanRecord[] = [
    {
      ...base,
      traceId: TRACE_A,
      spanId: '00f067aa0ba902b7',
      service: 'checkout',
      name: 'POST /checkout',
      kind: SpanKind.SERVER,
      startUnixMs: 1700000000000,
      endUnixMs: 1700000000250,
      attributes: RENDERED_VALUE_TYPES,
      resource: checkoutResource,
      events: [
        {
          timeUnixMs: 1700000000100 + 500 / 1e6,
          name: 'exception',
          attributes: { 'exception.type': 'TimeoutError', 'retry.count': 2 },
        },
        { timeUnixMs: 1700000000200, name: 'no attributes', attributes: {} },
      ],
    },
    {
      ...base,
      traceId: TRACE_A,
      spanId: '53995c3f42cd8ad8',
      parentSpanId: '00f067aa0ba902b7',
      service: 'checkout',
      name: 'charge',
      kind: SpanKind.CLIENT,
      startUnixMs: 1700000000010,
      endUnixMs: 1700000000240 + 123456 / 1e6,
      error: true,
      statusMessage: 'card declined',
      attributes: { 'peer.service': 'payments' },
      resource: checkoutResource,
    },
    {
      ...base,
      traceId: TRACE_A,
      spanId: '1111111111111111',
      parentSpanId: '00f067aa0ba902b7',
      service: 'checkout',
      name: 'publish order',
      kind: SpanKind.PRODUCER,
      startUnixMs: 1700000000020,
      endUnixMs: 1700000000021,
      resource: checkoutResource,
    },
    {
      ...base,
      traceId: TRACE_A,
      spanId: '2222222222222222',
      parentSpanId: '53995c3f42cd8ad8',
      service: 'payments',
      name: 'POST /charge',
      kind: SpanKind.SERVER,
      startUnixMs: 1700000000012,
      endUnixMs: 1700000000238,
      resource: paymentsResource,
    },
    {
      ...base,
      traceId: TRACE_B,
      spanId: '3333333333333333',
      service: 'payments',
      name: 'consume order',
      kind: SpanKind.CONSUMER,
      startUnixMs: 1700000001000,
      endUnixMs: 1700000001005,
      links: [{ traceId: TRACE_A, spanId: '1111111111111111' }],
      resource: paymentsResource,
    },
    {
      ...base,
      traceId: TRACE_B,
      spanId: '4444444444444444',
      parentSpanId: '3333333333333333',
      service: 'payments',
      name: 'compute',
      kind: SpanKind.INTERNAL,
      startUnixMs: 1700000001001,
      endUnixMs: 1700000001001,
      resource: paymentsResource,
    },
  ];

  const decoded = decodeBoth(spans);

  it.each(['json', 'protobuf'] as const)(
    'decodes every field from %s',
    encoding => {
      const result = decoded[encoding];
      expect(result.rejected).toBe(0);
      expect(result.errors).toEqual([]);
      // The serializer groups spans by resource and scope: compare by id.
      const byId = new Map(result.spans.map(s => [s.spanId, s]));
      expect(result.spans).toHaveLength(expected.length);
      for (const want of expected) {
        expect(byId.get(want.spanId)).toEqual(withFingerprints(want));
      }
    },
  );

  it('gives identical records for both encodings, in the same order', () => {
    expect(decoded.protobuf.spans).toStrictEqual(decoded.json.spans);
  });

  it.each(['json', 'protobuf'] as const)(
    'shares one resource object per resource in %s',
    encoding => {
      const byService = new Map<string, Set<object>>();
      for (const span of decoded[encoding].spans) {
        const set = byService.get(span.service) ?? new Set();
        set.add(span.resource);
        byService.set(span.service, set);
      }
      expect(byService.get('checkout')?.size).toBe(1);
      expect(byService.get('payments')?.size).toBe(1);
    },
  );

  it('reads spans recorded by a real tracer', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({
      resource: defaultResource().merge(
        resourceFromAttributes({ 'service.name': 'shop' }),
      ),
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
    });
    const tracer = provider.getTracer('round-trip');
    const parent = tracer.startSpan('GET /cart', {
      kind: OtelSpanKind.SERVER,
      attributes: { 'http.route': '/cart' },
    });
    const child = tracer.startSpan(
      'SELECT cart',
      {
        kind: OtelSpanKind.CLIENT,
        attributes: { 'db.system.name': 'postgresql' },
        links: [{ context: parent.spanContext() }],
      },
      trace.setSpan(ROOT_CONTEXT, parent),
    );
    child.recordException(new Error('deadlock'));
    child.setStatus({ code: SpanStatusCode.ERROR, message: 'deadlock' });
    child.end();
    parent.addEvent('responded', { 'http.status_code': 500 });
    parent.end();
    await provider.forceFlush();

    const { json, protobuf } = decodeBoth(exporter.getFinishedSpans());
    expect(protobuf).toEqual(json);
    expect(json.rejected).toBe(0);
    const [db, cart] = json.spans;
    expect(db).toMatchObject({
      traceId: parent.spanContext().traceId,
      spanId: child.spanContext().spanId,
      parentSpanId: parent.spanContext().spanId,
      service: 'shop',
      kind: SpanKind.CLIENT,
      error: true,
      statusMessage: 'deadlock',
      attributes: { 'db.system.name': 'postgresql' },
      links: [
        {
          traceId: parent.spanContext().traceId,
          spanId: parent.spanContext().spanId,
        },
      ],
      events: [
        expect.objectContaining({
          name: 'exception',
          attributes: expect.objectContaining({
            'exception.message': 'deadlock',
          }),
        }),
      ],
    });
    expect(cart).toMatchObject({
      parentSpanId: undefined,
      kind: SpanKind.SERVER,
      error: false,
      events: [
        expect.objectContaining({
          name: 'responded',
          attributes: { 'http.status_code': 500 },
        }),
      ],
    });
    expect(cart.endUnixMs).toBeGreaterThanOrEqual(cart.startUnixMs);
    expect(cart.resource).toBe(db.resource);
    expect(cart.resource['telemetry.sdk.language']).toBe('nodejs');
    await provider.shutdown();
  });
});
