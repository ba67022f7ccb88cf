import {
  histogramFromRows,
  histogramQuantile,
  LatencySummary,
} from '@steward/plugin-service-graph-common';

export function latencySummary(
  rows: Array<{ idx: number; count: number }>,
): LatencySummary {
  const histogram = histogramFromRows(rows);
  return {
    p50: histogramQuantile(histogram, 0.5),
    p90: histogramQuantile(histogram, 0.9),
    p99: histogramQuantile(histogram, 0.99),
  };
}

/** Sums of several series or buckets, with their histograms merged. */
export function sumTotals(
  items: Array<{
    calls: number;
    errors: number;
    latency: Array<{ idx: number; count: number }>;
  }>,
): { calls: number; errors: number; latencyMs: LatencySummary } {
  let calls = 0;
  let errors = 0;
  const latency: Array<{ idx: number; count: number }> = [];
  for (const item of items) {
    calls += item.calls;
    errors += item.errors;
    latency.push(...item.latency);
  }
  return { calls, errors, latencyMs: latencySummary(latency) };
}
