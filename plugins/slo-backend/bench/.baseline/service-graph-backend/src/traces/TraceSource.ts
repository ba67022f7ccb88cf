import { Trace } from '@steward/plugin-service-graph-common';

/**
 * Where recent traces are read from: the plugin's own store, or a tracing
 * backend the organisation already runs (Jaeger's query API).
 */
export interface TraceSource {
  /** The whole trace, or undefined when the source does not have it. */
  getTrace(traceId: string): Promise<Trace | undefined>;

  /**
   * Ids of traces in which a span of `service` (and `operation`, when given,
   * matched against the span name) has status error, newest first.
   */
  findErrorTraces(options: {
    service: string;
    operation?: string;
    fromUnixMs: number;
    toUnixMs: number;
    limit: number;
  }): Promise<string[]>;
}
