import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
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

export const SERVICES = [
  'frontend',
  'checkout',
  'cart',
  'payment',
  'shipping',
  'currency',
];

/** One encoding of the request, and where its trace ids sit in it. */
export type PayloadTemplate = {
  body: Buffer;
  /** Offsets of every trace id: its hex text (JSON) or its bytes (protobuf). */
  traceIdOffsets: number[];
};

/**
 * `spans` spans made by the stock SDK, each call in a new trace: calls
 * between shop services, each a CLIENT span with the SERVER span it caused,
 * with the attributes HTTP instrumentation sets; the server side of every
 * 100th call errs (call `i` goes from SERVICES[i % 6] to
 * SERVICES[(i + 1 + i % 3) % 6]). They start now, or from `startMs` on
 * (one call per millisecond, each taking 5 ms) to backfill the past.
 */
export function makeShopSpans(
  spans: number,
  options: { startMs?: number } = {},
): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const providers = SERVICES.map(
    service =>
      new TracerProvider({
        resource: resourceFromAttributes({
          'service.name': service,
          'service.version': '1.4.2',
          'telemetry.sdk.language': 'nodejs',
          'host.name': `${service}-7d9f8c6b5-x2k4q`,
        }),
        spanProcessors: [new SimpleSpanProcessor({ exporter })],
      }),
  );
  for (let i = 0; i < spans / 2; i++) {
    const client = providers[i % SERVICES.length].getTracer('bench');
    const serverIndex = (i + 1 + (i % 3)) % SERVICES.length;
    const server = providers[serverIndex].getTracer('bench');
    const route = `/api/${SERVICES[serverIndex]}/{id}`;
    const startTime =
      options.startMs === undefined ? undefined : options.startMs + i;
    const endTime = startTime === undefined ? undefined : startTime + 5;
    const call = client.startSpan(`GET`, {
      kind: SpanKind.CLIENT,
      startTime,
      attributes: {
        'http.request.method': 'GET',
        'url.full': `http://${SERVICES[serverIndex]}:8080/api/${i}`,
        'server.address': SERVICES[serverIndex],
        'server.port': 8080,
        'http.response.status_code': 200,
      },
    });
    const handled = server.startSpan(
      `GET ${route}`,
      {
        kind: SpanKind.SERVER,
        startTime,
        attributes: {
          'http.request.method': 'GET',
          'http.route': route,
          'url.path': `/api/${i}`,
          'http.response.status_code': i % 100 === 0 ? 500 : 200,
          'user_agent.original': 'node-fetch/1.0',
        },
      },
      trace.setSpan(context.active(), call),
    );
    if (i % 100 === 0) handled.setStatus({ code: SpanStatusCode.ERROR });
    handled.end(endTime);
    call.end(endTime);
  }
  return exporter.getFinishedSpans();
}

/**
 * One export request of `spans` spans from makeShopSpans, serialised by the
 * SDK's own serialisers so JSON and protobuf carry the same content.
 */
export function makePayload(spans: number): {
  json: PayloadTemplate;
  protobuf: PayloadTemplate;
} {
  const finished = makeShopSpans(spans);
  const traceIds = [...new Set(finished.map(s => s.spanContext().traceId))];
  const json = Buffer.from(JsonTraceSerializer.serializeRequest(finished)!);
  const protobuf = Buffer.from(
    ProtobufTraceSerializer.serializeRequest(finished)!,
  );
  return {
    json: {
      body: json,
      traceIdOffsets: offsetsOf(
        json,
        traceIds.map(id => Buffer.from(`"${id}"`)),
        1,
      ),
    },
    protobuf: {
      body: protobuf,
      traceIdOffsets: offsetsOf(
        protobuf,
        traceIds.map(id => Buffer.from(id, 'hex')),
        0,
      ),
    },
  };
}

function offsetsOf(body: Buffer, needles: Buffer[], skip: number): number[] {
  const offsets: number[] = [];
  for (const needle of needles) {
    for (
      let at = body.indexOf(needle);
      at >= 0;
      at = body.indexOf(needle, at + needle.length)
    ) {
      offsets.push(at + skip);
    }
  }
  return offsets;
}

/**
 * A copy of the request whose trace ids carry `sequence` in their first
 * four bytes, so that every request holds new traces. Sending one body over
 * and over would make every span after the first request a re-sent
 * duplicate, which pairing recognises and skips. The low bytes, which
 * decide trace sampling, are left alone.
 */
export function withSequence(
  template: PayloadTemplate,
  format: 'json' | 'protobuf',
  sequence: number,
): Buffer {
  const body = Buffer.from(template.body);
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32BE(sequence >>> 0);
  const hex = Buffer.from(prefix.toString('hex'));
  for (const offset of template.traceIdOffsets) {
    if (format === 'json') hex.copy(body, offset);
    else prefix.copy(body, offset);
  }
  return body;
}
