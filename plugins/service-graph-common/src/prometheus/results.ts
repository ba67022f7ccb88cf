import type { LatencySummary } from '../api';
import { bucketQuantile, parseLe, PrometheusBucket } from './bucketQuantile';
import { DurationUnit, fromDurationUnit } from './names';

/** One sample of an instant vector. @public */
export type PrometheusSample = {
  metric: Record<string, string>;
  value: number;
};

/** Calls, errors and latency of one group of series. @public */
export type CountTotals = {
  calls: number;
  errors: number;
  latencyMs: LatencySummary;
};

/** The totals of one group, with the values of its grouping labels. @public */
export type GroupedTotals = CountTotals & { labels: Record<string, string> };

/**
 * p50, p90 and p99 in milliseconds from cumulative buckets in `unit`, as
 * `histogram_quantile` would answer them.
 *
 * @public
 */
export function bucketLatencySummary(
  buckets: PrometheusBucket[],
  unit: DurationUnit,
): LatencySummary {
  const quantile = (q: number) => {
    const value = bucketQuantile(buckets, q);
    return value === undefined ? undefined : fromDurationUnit(value, unit);
  };
  return { p50: quantile(0.5), p90: quantile(0.9), p99: quantile(0.99) };
}

/**
 * Joins the answers of the three count queries (calls, errors, buckets) by
 * their grouping labels. A group exists when it has calls or buckets; one
 * without failed series has 0 errors, since the connector creates the
 * error series only at the first failure.
 *
 * @public
 */
export function groupCountResults(options: {
  by: string[];
  calls: PrometheusSample[];
  errors: PrometheusSample[];
  buckets: PrometheusSample[];
  durationUnit: DurationUnit;
}): GroupedTotals[] {
  const { by } = options;
  const keyOf = (metric: Record<string, string>) =>
    JSON.stringify(by.map(label => metric[label] ?? ''));
  const groups = new Map<
    string,
    {
      labels: Record<string, string>;
      calls: number;
      errors: number;
      buckets: PrometheusBucket[];
    }
  >();
  const groupOf = (metric: Record<string, string>) => {
    const key = keyOf(metric);
    let group = groups.get(key);
    if (!group) {
      group = {
        labels: Object.fromEntries(by.map(l => [l, metric[l] ?? ''])),
        calls: 0,
        errors: 0,
        buckets: [],
      };
      groups.set(key, group);
    }
    return group;
  };
  for (const s of options.calls) groupOf(s.metric).calls += s.value;
  for (const s of options.buckets) {
    groupOf(s.metric).buckets.push({
      le: parseLe(s.metric.le),
      count: s.value,
    });
  }
  for (const s of options.errors) {
    const group = groups.get(keyOf(s.metric));
    if (group) group.errors += s.value;
  }
  return [...groups.values()].map(g => ({
    labels: g.labels,
    calls: g.calls,
    errors: g.errors,
    latencyMs: bucketLatencySummary(g.buckets, options.durationUnit),
  }));
}
