import {
  context,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import {
  JsonTraceSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  InMemorySpanExporter,
  ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import {
  decodeOtlpJson,
  decodeOtlpProtobuf,
  DecodeResult,
  SpanRecord,
} from '@steward/plugin-service-graph-common';
import { TraceBuffer } from './TraceBuffer';

/**
 * `traces` two-span traces from the stock SDK, with the attributes, events
 * and status message that only a kept trace needs; every `errorEvery`th
 * trace errs.
 */
function sdkTraces(traces: number, errorEvery: number): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'checkout',
      'host.name': 'checkout-7d9f8c6b5-x2k4q',
    }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const tracer = provider.getTracer('test');
  for (let i = 0; i < traces; i++) {
    tracer.startActiveSpan(
      'GET /cart/{id}',
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.route': '/cart/{id}',
          'http.request.method': 'GET',
          'url.path': `/cart/${i}`,
          'user_agent.original': 'curl/8.5.0',
        },
      },
      server => {
        const call = tracer.startSpan(
          'SELECT carts',
          {
            kind: SpanKind.CLIENT,
            attributes: {
              'db.system.name': 'postgresql',
              'db.namespace': 'carts',
              'db.query.text': `SELECT * FROM carts WHERE id = ${i}`,
              'db.rows': [1, 2, 3],
            },
          },
          trace.setSpan(context.active(), server),
        );
        call.end();
        if (i % errorEvery === 0) {
          server.addEvent('exception', { 'exception.message': `no cart ${i}` });
          server.setStatus({ code: SpanStatusCode.ERROR, message: 'no cart' });
        }
        server.end();
      },
    );
  }
  return exporter.getFinishedSpans();
}

const encodings: Array<
  [string, (spans: ReadableSpan[], naming: boolean) => DecodeResult]
> = [
  [
    'json',
    (spans, naming) =>
      decodeOtlpJson(
        Buffer.from(JsonTraceSerializer.serializeRequest(spans)!),
        naming ? { detail: 'naming' } : {},
      ),
  ],
  [
    'protobuf',
    (spans, naming) =>
      decodeOtlpProtobuf(
        Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!),
        naming ? { detail: 'naming' } : {},
      ),
  ],
];

function bufferOf(options: { maxBufferedBytes: number; now: () => number }) {
  return TraceBuffer.create({
    sampleRate: 0,
    maxBufferedTraces: 1000,
    maxKeptTraces: 1000,
    assemblyWindowMs: 1000,
    ...options,
  });
}

const byId = (a: SpanRecord, b: SpanRecord) => a.spanId.localeCompare(b.spanId);

/**
 * Adds the spans as the receiver does, then overwrites the request's bytes:
 * the receiver lends its body, and reuses it for the next request.
 */
function addLent(buffer: TraceBuffer, decoded: DecodeResult): SpanRecord[] {
  const kept: SpanRecord[] = [];
  for (const s of decoded.spans) {
    buffer.add(s);
    kept.push(...buffer.take());
  }
  decoded.spans[0].source!.bytes.fill(0x20);
  return kept;
}

describe.each(encodings)('TraceBuffer with %s spans decoded by name', (_, decode) => {
  it('holds their bytes and gives the kept traces whole', () => {
    const spans = sdkTraces(20, 5);
    const naming = decode(spans, true);
    expect(naming.spans.every(s => s.source !== undefined)).toBe(true);
    expect(naming.spans.some(s => 'url.path' in s.attributes)).toBe(false);

    let now = 0;
    const buffer = bufferOf({ maxBufferedBytes: 1 << 20, now: () => now });
    expect(addLent(buffer, naming)).toEqual([]);
    now = 2000;
    const kept = buffer.take();

    const whole = decode(spans, false).spans;
    const erring = new Set(whole.filter(s => s.error).map(s => s.traceId));
    expect(erring.size).toBe(4);
    expect(kept.sort(byId)).toStrictEqual(
      whole.filter(s => erring.has(s.traceId)).sort(byId),
    );
    expect(kept.some(s => s.events.length === 1)).toBe(true);
    expect(kept.some(s => s.attributes['db.query.text'])).toBe(true);
    expect(buffer.bufferedTraces).toBe(0);
  });

  it('decides the oldest traces early to stay within maxBufferedBytes', () => {
    const spans = sdkTraces(400, 7);
    const naming = decode(spans, true);
    const sizes = naming.spans.map(s => s.source!.end - s.source!.start);
    const maxBufferedBytes = 64 * 1024;
    let now = 0;
    const buffer = bufferOf({ maxBufferedBytes, now: () => now });
    let mostBuffered = 0;
    const kept: SpanRecord[] = [];
    for (const s of naming.spans) {
      buffer.add(s);
      mostBuffered = Math.max(mostBuffered, buffer.bufferedTraces);
      kept.push(...buffer.take());
    }
    naming.spans[0].source!.bytes.fill(0x20);
    now = 2000;
    kept.push(...buffer.take());

    // Two spans a trace: no more traces than their bytes allow.
    const smallest = Math.min(...sizes);
    expect(mostBuffered).toBeLessThanOrEqual(
      Math.floor(maxBufferedBytes / smallest / 2) + 1,
    );
    expect(mostBuffered).toBeGreaterThan(1);
    expect(buffer.bufferBytes).toBe(maxBufferedBytes);
    // Decided early, still whole: both spans of every erroring trace.
    const whole = decode(spans, false).spans;
    const erring = new Set(whole.filter(s => s.error).map(s => s.traceId));
    expect(kept.sort(byId)).toStrictEqual(
      whole.filter(s => erring.has(s.traceId)).sort(byId),
    );
  });

  it('holds a span too large for a slab as its whole record', () => {
    const spans = sdkTraces(10, 2);
    const naming = decode(spans, true);
    // 16 slabs of 64 bytes: every span is larger.
    const maxBufferedBytes = 16 * 64;
    expect(naming.spans.every(s => s.source!.end - s.source!.start > 64)).toBe(
      true,
    );
    let now = 0;
    const buffer = bufferOf({ maxBufferedBytes, now: () => now });
    const kept = addLent(buffer, naming);
    now = 2000;
    kept.push(...buffer.take());

    const whole = decode(spans, false).spans;
    const erring = new Set(whole.filter(s => s.error).map(s => s.traceId));
    expect(erring.size).toBe(5);
    expect(kept.sort(byId)).toStrictEqual(
      whole.filter(s => erring.has(s.traceId)).sort(byId),
    );
  });
});
