import {
  AttributeValue,
  SpanKind,
  Trace,
} from '@steward/plugin-service-graph-common';
import { Knex } from 'knex';
import { TraceSpanRow } from '../database/tables';
import { TraceSource } from './TraceSource';

type Payload = {
  attributes: Record<string, AttributeValue>;
  resource: Record<string, AttributeValue>;
  events: Trace['spans'][number]['events'];
  links: Trace['spans'][number]['links'];
  statusMessage?: string;
};

/** Reads traces from the plugin's own store of recent traces. */
export class DatabaseTraceSource implements TraceSource {
  private constructor(private readonly knex: Knex) {}

  static create(options: { knex: Knex }): DatabaseTraceSource {
    return new DatabaseTraceSource(options.knex);
  }

  async getTrace(traceId: string): Promise<Trace | undefined> {
    const rows = await this.knex<TraceSpanRow>('service_graph_trace_spans')
      .where({ trace_id: traceId.toLowerCase() })
      .orderBy('start_ms');
    if (rows.length === 0) return undefined;
    return {
      traceId: rows[0].trace_id,
      spans: rows.map(row => {
        const payload = JSON.parse(row.payload) as Payload;
        return {
          traceId: row.trace_id,
          spanId: row.span_id,
          parentSpanId: row.parent_span_id ?? undefined,
          service: row.service,
          name: row.name,
          kind: row.kind as SpanKind,
          startUnixMs: row.start_ms,
          durationMs: row.end_ms - row.start_ms,
          error: Boolean(row.error),
          statusMessage: payload.statusMessage,
          attributes: { ...payload.resource, ...payload.attributes },
          events: payload.events,
          links: payload.links,
        };
      }),
    };
  }

  async findErrorTraces(options: {
    service: string;
    operation?: string;
    fromUnixMs: number;
    toUnixMs: number;
    limit: number;
  }): Promise<string[]> {
    const query = this.knex<TraceSpanRow>('service_graph_trace_spans')
      .where({ service: options.service, error: true })
      .whereBetween('start_ms', [options.fromUnixMs, options.toUnixMs])
      .groupBy('trace_id')
      .select('trace_id')
      .max({ latest: 'start_ms' })
      .orderBy('latest', 'desc')
      .limit(options.limit);
    if (options.operation) query.andWhere({ name: options.operation });
    const rows = (await query) as unknown as Array<{ trace_id: string }>;
    return rows.map(r => r.trace_id);
  }
}
