import {
  AttributeValue,
  SpanEventRecord,
  SpanKind,
  SpanLinkRecord,
} from './spans';

/** One span as the trace view and the trace walk see it. @public */
export type TraceSpan = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  service: string;
  name: string;
  kind: SpanKind;
  startUnixMs: number;
  durationMs: number;
  error: boolean;
  statusMessage?: string;
  attributes: Record<string, AttributeValue>;
  events: SpanEventRecord[];
  links: SpanLinkRecord[];
};

/** A trace: its spans in start order. @public */
export type Trace = {
  traceId: string;
  spans: TraceSpan[];
};
