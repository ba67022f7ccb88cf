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
const WIDTHS = RESOLUTIONS.map(r => RESOLUTION_MS[r]);

/** A series and its open buckets, one map per resolution by bucket start. */
type SeriesBuckets = {
  series: SeriesKey;
  buckets: Map<number, BucketTotals>[];
};

/** kind → source → target → connection type: no key string built per call. */
type SeriesIndex = Map<string, Map<string, Map<string, SeriesBuckets>>>;

/**
 * Sums observations into minute, hour and day buckets in memory, so that a
 * flush writes one additive upsert per series and bucket instead of one per
 * span. Rollups are summed at ingest rather than by a later job because sums
 * of counters and histograms are exact at every resolution.
 *
 * `add` runs once per edge and operation: series are found through nested
 * maps of the names as they come and buckets by their start time, so it
 * builds no key strings.
 */
export class BucketAggregator {
  private index = new Map<SeriesKind, SeriesIndex>();
  private totals: BucketTotals[] = [];

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
    const entry = this.seriesOf(
      options.kind,
      options.source,
      options.target,
      options.connectionType,
    );
    const durationMs = options.durationMs;
    const latencyIdx = latencyBucketIndex(durationMs);
    const thresholds = this.thresholdsMs;
    let threshold: number | undefined = undefined;
    for (let i = 0; i < thresholds.length; i++) {
      if (durationMs <= thresholds[i]) {
        threshold = thresholds[i];
        break;
      }
    }
    for (let r = 0; r < RESOLUTIONS.length; r++) {
      const width = WIDTHS[r];
      const bucketStart = Math.floor(options.timeUnixMs / width) * width;
      let totals = entry.buckets[r].get(bucketStart);
      if (!totals) {
        totals = {
          series: entry.series,
          resolution: RESOLUTIONS[r],
          bucketStart,
          calls: 0,
          errors: 0,
          durationSumMs: 0,
          latency: new Map(),
          thresholds: new Map(),
        };
        entry.buckets[r].set(bucketStart, totals);
        this.totals.push(totals);
      }
      totals.calls += 1;
      if (options.error) totals.errors += 1;
      totals.durationSumMs += durationMs;
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
    return this.totals.length;
  }

  /** Returns everything summed so far and starts afresh. */
  take(): BucketTotals[] {
    const taken = this.totals;
    this.totals = [];
    this.index = new Map();
    return taken;
  }

  private seriesOf(
    kind: SeriesKind,
    source: string,
    target: string,
    connectionType: string,
  ): SeriesBuckets {
    let bySource = this.index.get(kind);
    if (!bySource) {
      bySource = new Map();
      this.index.set(kind, bySource);
    }
    let byTarget = bySource.get(source);
    if (!byTarget) {
      byTarget = new Map();
      bySource.set(source, byTarget);
    }
    let byType = byTarget.get(target);
    if (!byType) {
      byType = new Map();
      byTarget.set(target, byType);
    }
    let entry = byType.get(connectionType);
    if (!entry) {
      entry = {
        series: { kind, source, target, connectionType },
        buckets: RESOLUTIONS.map(() => new Map()),
      };
      byType.set(connectionType, entry);
    }
    return entry;
  }
}
