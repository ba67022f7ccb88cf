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

const SERVICES = [
  'frontend',
  'checkout',
  'cart',
  'payment',
  'shipping',
  'currency',
];

/**
 * One export request of `spans` spans made by the stock SDK: calls between
 * shop services, each a CLIENT span with the SERVER span it caused, with the
 * attributes HTTP instrumentation sets; 1% erroring. Serialised by the SDK's
 * own serialisers so JSON and protobuf carry the same content.
 */
export function makePayload(spans: number): { json: Buffer; protobuf: Buffer } {
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
    const call = client.startSpan(`GET`, {
      kind: SpanKind.CLIENT,
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
    handled.end();
    call.end();
  }
  const finished: ReadableSpan[] = exporter.getFinishedSpans();
  return {
    json: Buffer.from(JsonTraceSerializer.serializeRequest(finished)!),
    protobuf: Buffer.from(ProtobufTraceSerializer.serializeRequest(finished)!),
  };
}
