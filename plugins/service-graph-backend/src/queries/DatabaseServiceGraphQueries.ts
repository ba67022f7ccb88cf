import { Knex } from 'knex';
import { ServiceGraphConfig } from '../config';
import { readSeries } from '../database/operations/readSeries';
import { latencySummary, sumTotals } from './latencySummary';
import { Resolution } from '../database/tables';
import { ResolvedRange, resolveRange } from '../service/query';
import { ServiceGraphQueries } from './ServiceGraphQueries';

/**
 * The service graph from Steward's own minute, hour and day buckets: sums
 * of additive counters and mergeable histograms, exact over whole buckets.
 */
export class DatabaseServiceGraphQueries implements ServiceGraphQueries {
  private constructor(
    private readonly knex: Knex,
    private readonly retention: ServiceGraphConfig['retention'],
  ) {}

  static create(options: {
    knex: Knex;
    config: ServiceGraphConfig;
  }): DatabaseServiceGraphQueries {
    return new DatabaseServiceGraphQueries(
      options.knex,
      options.config.retention,
    );
  }

  resolveRange(options: Parameters<ServiceGraphQueries['resolveRange']>[0]) {
    return resolveRange({ ...options, retention: this.retention });
  }

  async readEdges(options: Parameters<ServiceGraphQueries['readEdges']>[0]) {
    const sums = await readSeries(this.knex, {
      kind: 'edge',
      ...bucketRange(options.range),
      source: options.client,
    });
    return sums.map(s => ({
      parent: s.series.source,
      child: s.series.target,
      connectionType: s.series.connection_type,
      calls: s.calls,
      errors: s.errors,
      latencyMs: latencySummary(s.latency),
    }));
  }

  async readSteps(options: Parameters<ServiceGraphQueries['readSteps']>[0]) {
    const { range, stepMs } = options;
    const sums = await readSeries(this.knex, {
      kind: options.kind,
      source: options.source,
      target: options.target,
      ...bucketRange(range),
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

  async readOperations(
    options: Parameters<ServiceGraphQueries['readOperations']>[0],
  ) {
    const sums = await readSeries(this.knex, {
      kind: 'op',
      source: options.service,
      ...bucketRange(options.range),
    });
    return sums.map(s => ({ operation: s.series.target, ...sumTotals([s]) }));
  }
}

/** The range's buckets: the ranges given here come from `resolveRange` above. */
function bucketRange(
  range: ResolvedRange,
): ResolvedRange & { resolution: Resolution } {
  if (range.resolution === 's') {
    throw new Error(
      'A range resolved for Prometheus cannot be read from buckets',
    );
  }
  return { ...range, resolution: range.resolution };
}
