import {
  EdgeObservation,
  latencyBucketIndex,
  OperationObservation,
} from '@steward/plugin-service-graph-common';
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

const MINUTE_MS = RESOLUTION_MS.m;
/** The rollups summed from minute buckets when they are taken. */
const ROLLUPS: Resolution[] = ['h', 'd'];

/** A series and its open minute buckets by start. */
type SeriesBuckets = {
  series: SeriesKey;
  minutes: Map<number, BucketTotals>;
};

/** kind → source → target → connection type: no key string built per call. */
type SeriesIndex = Map<string, Map<string, Map<string, SeriesBuckets>>>;

function emptyTotals(
  series: SeriesKey,
  resolution: Resolution,
  bucketStart: number,
): BucketTotals {
  return {
    series,
    resolution,
    bucketStart,
    calls: 0,
    errors: 0,
    durationSumMs: 0,
    latency: new Map(),
    thresholds: new Map(),
  };
}

function addCounts(into: Map<number, number>, from: Map<number, number>) {
  for (const [key, count] of from) {
    into.set(key, (into.get(key) ?? 0) + count);
  }
}

/**
 * Sums observations into minute buckets in memory, so that a flush writes
 * one additive upsert per series and bucket instead of one per span; hour
 * and day buckets are summed from the minute buckets when they are taken.
 * Rollups are summed at ingest rather than by a later job because sums of
 * counters and histograms are exact at every resolution.
 *
 * It counts each edge and operation: series are found through nested
 * maps of the names as they come and buckets by their start time, so it
 * builds no key strings, and it touches one bucket rather than three.
 */
export class BucketAggregator {
  private index = new Map<SeriesKind, SeriesIndex>();
  private minutes: BucketTotals[] = [];

  private constructor(private readonly thresholdsMs: number[]) {}

  static create(options: { latencyThresholdsMs: number[] }): BucketAggregator {
    return new BucketAggregator(
      [...options.latencyThresholdsMs].sort((a, b) => a - b),
    );
  }

  /** Counts a call on an edge. */
  addEdge(edge: EdgeObservation): void {
    this.count(
      this.seriesOf('edge', edge.client, edge.server, edge.connectionType),
      edge.timeUnixMs,
      edge.durationMs,
      edge.error,
    );
  }

  /** Counts a request an operation handled. */
  addOperation(operation: OperationObservation): void {
    this.count(
      this.seriesOf('op', operation.service, operation.operation, ''),
      operation.timeUnixMs,
      operation.durationMs,
      operation.error,
    );
  }

  // Positional: this runs per observation, which it takes as the pairer
  // made it; an options object would be an allocation per span.
  private count(
    entry: SeriesBuckets,
    timeUnixMs: number,
    durationMs: number,
    error: boolean,
  ): void {
    const bucketStart = Math.floor(timeUnixMs / MINUTE_MS) * MINUTE_MS;
    let totals = entry.minutes.get(bucketStart);
    if (!totals) {
      totals = emptyTotals(entry.series, 'm', bucketStart);
      entry.minutes.set(bucketStart, totals);
      this.minutes.push(totals);
    }
    totals.calls += 1;
    if (error) totals.errors += 1;
    totals.durationSumMs += durationMs;
    const latencyIdx = latencyBucketIndex(durationMs);
    totals.latency.set(latencyIdx, (totals.latency.get(latencyIdx) ?? 0) + 1);
    const thresholds = this.thresholdsMs;
    for (let i = 0; i < thresholds.length; i++) {
      if (durationMs <= thresholds[i]) {
        const threshold = thresholds[i];
        totals.thresholds.set(
          threshold,
          (totals.thresholds.get(threshold) ?? 0) + 1,
        );
        break;
      }
    }
  }

  /**
   * Returns everything summed so far, minute buckets and their hour and day
   * rollups, and starts afresh.
   */
  take(): BucketTotals[] {
    const taken = this.minutes;
    this.minutes = [];
    this.index = new Map();
    const rollups: BucketTotals[] = [];
    for (const resolution of ROLLUPS) {
      const width = RESOLUTION_MS[resolution];
      // Series objects are shared by their minute buckets: key by identity.
      const bySeries = new Map<SeriesKey, Map<number, BucketTotals>>();
      for (const minute of taken) {
        let buckets = bySeries.get(minute.series);
        if (!buckets) {
          buckets = new Map();
          bySeries.set(minute.series, buckets);
        }
        const bucketStart = Math.floor(minute.bucketStart / width) * width;
        let totals = buckets.get(bucketStart);
        if (!totals) {
          totals = emptyTotals(minute.series, resolution, bucketStart);
          buckets.set(bucketStart, totals);
          rollups.push(totals);
        }
        totals.calls += minute.calls;
        totals.errors += minute.errors;
        totals.durationSumMs += minute.durationSumMs;
        addCounts(totals.latency, minute.latency);
        addCounts(totals.thresholds, minute.thresholds);
      }
    }
    return taken.concat(rollups);
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
        minutes: new Map(),
      };
      byType.set(connectionType, entry);
    }
    return entry;
  }
}
