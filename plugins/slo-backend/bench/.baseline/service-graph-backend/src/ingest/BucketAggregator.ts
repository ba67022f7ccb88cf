import { latencyBucketIndex } from '@steward/plugin-service-graph-common';
import { RESOLUTION_MS, Resolution, SeriesKind } from '../database/tables';

/** The identity of a series: an edge or an operation. */
export type SeriesKey = {
  kind: SeriesKind;
  source: string;
  target: string;
  connectionType: string;
};

/** Calls, errors and latency of one series in one bucket. */
export type BucketTotals = {
  series: SeriesKey;
  resolution: Resolution;
  bucketStart: number;
  calls: number;
  errors: number;
  durationSumMs: number;
  /** Histogram bucket index → count. */
  latency: Map<number, number>;
  /**
   * Exact counts for latency SLIs: the smallest configured threshold at or
   * above each duration → count (durations above every threshold are not
   * counted here; they are in `calls`).
   */
  thresholds: Map<number, number>;
};

const RESOLUTIONS: Resolution[] = ['m', 'h', 'd'];

/**
 * Sums observations into minute, hour and day buckets in memory, so that a
 * flush writes one additive upsert per series and bucket instead of one per
 * span. Rollups are summed at ingest rather than by a later job because sums
 * of counters and histograms are exact at every resolution.
 */
export class BucketAggregator {
  private totals = new Map<string, BucketTotals>();
  private seriesByKey = new Map<string, SeriesKey>();

  private constructor(private readonly thresholdsMs: number[]) {}

  static create(options: { latencyThresholdsMs: number[] }): BucketAggregator {
    return new BucketAggregator(
      [...options.latencyThresholdsMs].sort((a, b) => a - b),
    );
  }

  add(options: {
    kind: SeriesKind;
    source: string;
    target: string;
    connectionType: string;
    timeUnixMs: number;
    durationMs: number;
    error: boolean;
  }): void {
    const seriesId = `${options.kind}\u0000${options.source}\u0000${options.target}\u0000${options.connectionType}`;
    let series = this.seriesByKey.get(seriesId);
    if (!series) {
      series = {
        kind: options.kind,
        source: options.source,
        target: options.target,
        connectionType: options.connectionType,
      };
      this.seriesByKey.set(seriesId, series);
    }
    const latencyIdx = latencyBucketIndex(options.durationMs);
    const threshold = this.thresholdsMs.find(t => options.durationMs <= t);
    for (const resolution of RESOLUTIONS) {
      const width = RESOLUTION_MS[resolution];
      const bucketStart = Math.floor(options.timeUnixMs / width) * width;
      const key = `${seriesId}\u0000${resolution}${bucketStart}`;
      let totals = this.totals.get(key);
      if (!totals) {
        totals = {
          series,
          resolution,
          bucketStart,
          calls: 0,
          errors: 0,
          durationSumMs: 0,
          latency: new Map(),
          thresholds: new Map(),
        };
        this.totals.set(key, totals);
      }
      totals.calls += 1;
      if (options.error) totals.errors += 1;
      totals.durationSumMs += options.durationMs;
      totals.latency.set(latencyIdx, (totals.latency.get(latencyIdx) ?? 0) + 1);
      if (threshold !== undefined) {
        totals.thresholds.set(
          threshold,
          (totals.thresholds.get(threshold) ?? 0) + 1,
        );
      }
    }
  }

  get size(): number {
    return this.totals.size;
  }

  /** Returns everything summed so far and starts afresh. */
  take(): BucketTotals[] {
    const taken = [...this.totals.values()];
    this.totals = new Map();
    this.seriesByKey = new Map();
    return taken;
  }
}
