import { RedPoint } from '@steward/plugin-service-graph-common';
import { Knex } from 'knex';
import { readSeries } from '../../database/operations/readSeries';
import { SeriesKind } from '../../database/tables';
import { sumTotals } from '../latencySummary';
import { ResolvedRange } from '../query';

/**
 * Totals and per-step points for the series matching `source` (and
 * `target`): the shared core of the RED and edge endpoints.
 */
export async function getSeriesSteps(
  knex: Knex,
  options: {
    kind: SeriesKind;
    source: string;
    target?: string;
    range: ResolvedRange;
    stepMs: number;
  },
): Promise<{ totals: Omit<RedPoint, 'time'>; points: RedPoint[] }> {
  const { range, stepMs } = options;
  const sums = await readSeries(knex, {
    kind: options.kind,
    source: options.source,
    target: options.target,
    ...range,
    perBucket: true,
  });
  const steps = new Map<number, typeof sums>();
  for (let t = range.fromMs; t < range.toMs; t += stepMs) steps.set(t, []);
  for (const s of sums) {
    const step =
      range.fromMs +
      Math.floor((s.bucketStart! - range.fromMs) / stepMs) * stepMs;
    steps.get(step)?.push(s);
  }
  return {
    totals: sumTotals(sums),
    points: [...steps].map(([t, items]) => ({
      time: new Date(t).toISOString(),
      ...sumTotals(items),
    })),
  };
}
