import { SpanRecord } from '@steward/plugin-service-graph-common';
import { Knex } from 'knex';
import { TraceSpanRow } from '../tables';
import { upsertRows } from './upsertRows';

export async function writeTraceSpans(
  tx: Knex.Transaction,
  options: { spans: SpanRecord[]; expiresAt: number },
): Promise<void> {
  const rows: TraceSpanRow[] = options.spans.map(span => ({
    trace_id: span.traceId,
    span_id: span.spanId,
    parent_span_id: span.parentSpanId ?? null,
    service: span.service,
    name: span.name,
    kind: span.kind,
    start_ms: span.startUnixMs,
    end_ms: span.endUnixMs,
    error: span.error,
    payload: JSON.stringify({
      attributes: span.attributes,
      resource: span.resource,
      events: span.events,
      links: span.links,
      statusMessage: span.statusMessage,
    }),
    expires_at: options.expiresAt,
  }));
  // A retried export carries the same ids: keep the first copy.
  await upsertRows(tx, {
    table: 'service_graph_trace_spans',
    conflict: ['trace_id', 'span_id'],
    rows,
  });
}
