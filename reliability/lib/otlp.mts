// OTLP load for the suites: spans made by the stock OpenTelemetry SDK (the
// ingest bench's shop generator), serialised by the SDK's own serialisers,
// routed to replicas by trace id as the Collector's loadbalancing exporter
// (routing_key: traceID) does, and posted once each so that a caller knows
// exactly which requests were acknowledged.
import http from 'node:http';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import {
  JsonTraceSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import {
  fullyAcknowledged,
  postOnce,
  type Reply,
} from '../../plugins/service-graph-backend/bench/http.ts';
import {
  makePayload,
  makeShopSpans,
  SERVICES,
  withSequence,
} from '../../plugins/service-graph-backend/bench/payload.ts';

export {
  fullyAcknowledged,
  makePayload,
  makeShopSpans,
  postOnce,
  SERVICES,
  withSequence,
};
export type { Reply };

export type Format = 'json' | 'protobuf';

export const CONTENT_TYPE: Record<Format, string> = {
  json: 'application/json',
  protobuf: 'application/x-protobuf',
};

export function serialize(spans: ReadableSpan[], format: Format): Buffer {
  const serializer =
    format === 'json' ? JsonTraceSerializer : ProtobufTraceSerializer;
  return Buffer.from(serializer.serializeRequest(spans)!);
}

/** FNV-1a over the trace id's hex text: stable, and spreads random ids evenly. */
export function traceHash(traceId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < traceId.length; i++) {
    hash ^= traceId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Splits spans into one batch per replica, every span of a trace in the same one. */
export function routeByTraceId(
  spans: ReadableSpan[],
  replicas: number,
): ReadableSpan[][] {
  const batches: ReadableSpan[][] = Array.from({ length: replicas }, () => []);
  for (const span of spans) {
    batches[traceHash(span.spanContext().traceId) % replicas].push(span);
  }
  return batches;
}

/** What a batch of spans holds, as the APIs should count it. */
export type Expected = {
  spans: number;
  /** Calls per edge `client->server` (a CLIENT span paired with its SERVER span). */
  edges: Map<string, { calls: number; errors: number }>;
  /** SERVER spans per service, and how many of them erred. */
  servers: Map<string, { total: number; errors: number }>;
};

export function emptyExpected(): Expected {
  return { spans: 0, edges: new Map(), servers: new Map() };
}

/**
 * Adds a batch to the expected counts. The shop generator makes each call a
 * trace of its own: one CLIENT span and its SERVER child.
 */
export function addExpected(expected: Expected, spans: ReadableSpan[]) {
  expected.spans += spans.length;
  const clients = new Map<string, string>();
  for (const span of spans) {
    if (span.kind === 2)
      clients.set(span.spanContext().spanId, serviceOf(span));
  }
  for (const span of spans) {
    if (span.kind !== 1) continue;
    const service = serviceOf(span);
    const erred = span.status.code === 2 ? 1 : 0;
    const server = expected.servers.get(service) ?? { total: 0, errors: 0 };
    server.total += 1;
    server.errors += erred;
    expected.servers.set(service, server);
    const client = clients.get(span.parentSpanContext?.spanId ?? '');
    if (!client)
      throw new Error('shop span without its client in the same batch');
    const key = `${client}->${service}`;
    const edge = expected.edges.get(key) ?? { calls: 0, errors: 0 };
    edge.calls += 1;
    edge.errors += erred;
    expected.edges.set(key, edge);
  }
}

function serviceOf(span: ReadableSpan): string {
  return String(span.resource.attributes['service.name']);
}

/** A keep-alive agent per target, as an exporter holds its connections. */
export function agentFor(connections: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: connections });
}

/** One routed export: the parts of a batch, each posted to its replica. */
export type Target = { port: number; agent: http.Agent };

/**
 * Posts each replica's part of a batch (as routeByTraceId split it) and
 * reports, per part, whether it was fully acknowledged. A part whose request
 * failed at the connection (no answer) counts as not acknowledged.
 */
export async function sendRouted(options: {
  targets: Target[];
  spans: ReadableSpan[];
  format: Format;
}): Promise<
  Array<{
    spans: ReadableSpan[];
    target: number;
    reply?: Reply;
    error?: string;
    acknowledged: boolean;
  }>
> {
  const parts = routeByTraceId(options.spans, options.targets.length);
  return Promise.all(
    parts.map(async (spans, target) => {
      if (spans.length === 0) return { spans, target, acknowledged: true };
      try {
        const reply = await postOnce({
          port: options.targets[target].port,
          agent: options.targets[target].agent,
          body: serialize(spans, options.format),
          contentType: CONTENT_TYPE[options.format],
        });
        return { spans, target, reply, acknowledged: fullyAcknowledged(reply) };
      } catch (error) {
        return { spans, target, error: String(error), acknowledged: false };
      }
    }),
  );
}
