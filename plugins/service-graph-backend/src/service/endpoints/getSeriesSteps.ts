import { RedPoint } from '@steward/plugin-service-graph-common';
import { ServiceGraphQueries, Totals } from '../../queries/ServiceGraphQueries';
import { rangeAnswer } from '../query';

/**
 * Totals and per-step points for the series matching `source` (and
 * `target`) over a queried range: the shared core of the RED and edge
 * endpoints. Without a step the whole range is one point.
 */
export async function getSeriesSteps(
  queries: ServiceGraphQueries,
  options: {
    kind: 'op' | 'edge';
    source: string;
    target?: string;
    from?: number;
    to?: number;
    step?: number;
  },
): Promise<
  ReturnType<typeof rangeAnswer> & {
    stepMs: number;
    totals: Totals;
    points: RedPoint[];
  }
> {
  const range = queries.resolveRange({
    from: options.from,
    to: options.to,
    stepMs: options.step,
    nowMs: Date.now(),
  });
  const stepMs = options.step ?? range.toMs - range.fromMs;
  const { totals, points } = await queries.readSteps({
    kind: options.kind,
    source: options.source,
    target: options.target,
    range,
    stepMs,
  });
  return { ...rangeAnswer(range), stepMs, totals, points };
}
