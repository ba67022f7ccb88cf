import { LatencySummary, RedPoint } from '@steward/plugin-service-graph-common';
import { ResolvedRange } from '../service/query';

/** Calls, errors and latency summed over a range or a step. */
export type Totals = Omit<RedPoint, 'time'>;

/** One observed edge over a range. */
export type EdgeTotals = {
  parent: string;
  child: string;
  connectionType: string;
  calls: number;
  errors: number;
  latencyMs: LatencySummary;
};

/**
 * What the query endpoints read, whichever store holds the service graph:
 * Steward's database (filled by its OTLP receiver) or Prometheus (filled by
 * the Collector's spanmetrics and servicegraph connectors). `op` series are
 * a service's served operations; `edge` series a client and a server.
 */
export interface ServiceGraphQueries {
  /**
   * The range an answer really covers: the requested one (the last hour by
   * default) aligned to what the store keeps. Throws InputError for a range
   * or step the store cannot answer.
   */
  resolveRange(options: {
    from?: number;
    to?: number;
    stepMs?: number;
    nowMs: number;
  }): ResolvedRange;
  /** Every edge over the range, or those of one client. */
  readEdges(options: {
    range: ResolvedRange;
    client?: string;
  }): Promise<EdgeTotals[]>;
  /**
   * Totals of the series of `source` (and `target`) over the range, and per
   * step from the range's start; the last step may be cut by its end.
   */
  readSteps(options: {
    kind: 'op' | 'edge';
    source: string;
    target?: string;
    range: ResolvedRange;
    stepMs: number;
  }): Promise<{ totals: Totals; points: RedPoint[] }>;
  /** Totals per operation of a service over the range. */
  readOperations(options: {
    service: string;
    range: ResolvedRange;
  }): Promise<Array<Totals & { operation: string }>>;
}
