import { RedPoint } from '@steward/plugin-service-graph-common';
import { Knex } from 'knex';
import { readSeries } from '../../database/operations/readSeries';
import { SeriesKind } from '../../database/tables';
import { sumTotals } from '../latencySummary';
import { ServiceGraphConfig } from '../../config';
import { rangeAnswer, resolveRange } from '../query';

/**
 * Totals and per-step points for the series matching `source` (and
 * `target`) over a queried range: the shared core of the RED and edge
 * endpoints. Without a step the whole range is one point.
 */
export async function getSeriesSteps(
  knex: Knex,
  options: {
    kind: SeriesKind;
    source: string;
    target?: string;
    from?: number;
    to?: number;
    step?: number;
    config: ServiceGraphConfig;
  },
): Promise<
  ReturnType<typeof rangeAnswer> & {
    stepMs: number;
    totals: Omit<RedPoint, 'time'>;
    points: RedPoint[];
  }
> {
  const range = resolveRange({
    from: options.from,
    to: options.to,
    stepMs: options.step,
    nowMs: Date.now(),
    retention: options.config.retention,
  });
  const stepMs = options.step ?? range.toMs - range.fromMs;
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
    ...rangeAnswer(range),
    stepMs,
    totals: sumTotals(sums),
    points: [...steps].map(([t, items]) => ({
      time: new Date(t).toISOString(),
      ...sumTotals(items),
    })),
  };
}
