import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  readServiceGraphSource,
  ServiceGraphSource,
} from '@steward/plugin-service-graph-common';
import { duration } from './service/query';

/** The plugin's configuration, read once at start-up. */
export type ServiceGraphConfig = {
  /** Where edges and RED are read from. */
  source: ServiceGraphSource;
  ingest: {
    maxBodyBytes: number;
    maxQueuedSpans: number;
    flushIntervalMs: number;
    commitIntervalMs: number;
    allowUnauthenticatedLoopback: boolean;
  };
  pairing: { ttlMs: number; maxPending: number };
  /** Latency thresholds counted exactly, for latency SLIs. */
  latencyThresholdsMs: number[];
  traces: {
    ttlMs: number;
    sampleRate: number;
    assemblyWindowMs: number;
    maxBufferedTraces: number;
    maxKeptTraces: number;
    maxBufferedBytes: number;
  };
  traceSource: { type: 'builtin' } | { type: 'jaeger'; baseUrl: string };
  retention: { minuteMs: number; hourMs: number; dayMs: number };
  /** How often the retention clean-up runs (once across replicas). */
  cleanup: { frequencySeconds: number };
  /** The window over which observed edges become catalog relations. */
  catalog: { windowMs: number };
};

const DAY_MS = 24 * 60 * 60 * 1000;

export function readServiceGraphConfig(config: Config): ServiceGraphConfig {
  const c = config.getOptionalConfig('serviceGraph');
  const num = (key: string, fallback: number, min = 0, max = Infinity) => {
    const value = c?.getOptionalNumber(key) ?? fallback;
    if (!(value >= min && value <= max)) {
      throw new InputError(
        `serviceGraph.${key} must be between ${min} and ${max}, got ${value}`,
      );
    }
    return value;
  };
  return {
    source: readServiceGraphSource(config),
    ingest: {
      maxBodyBytes: num('ingest.maxBodyBytes', 64 * 1024 * 1024, 1),
      maxQueuedSpans: num('ingest.maxQueuedSpans', 200_000, 1),
      flushIntervalMs: num('ingest.flushIntervalMs', 200, 1),
      commitIntervalMs: num('ingest.commitIntervalMs', 25, 0, 10_000),
      allowUnauthenticatedLoopback:
        c?.getOptionalBoolean('ingest.allowUnauthenticatedLoopback') ?? false,
    },
    pairing: {
      ttlMs: num('pairing.ttlMs', 10_000, 1),
      maxPending: num('pairing.maxPending', 100_000, 1),
    },
    traces: {
      ttlMs: num('traces.ttlHours', 72, 0) * 60 * 60 * 1000,
      sampleRate: num('traces.sampleRate', 0.01, 0, 1),
      assemblyWindowMs: num('traces.assemblyWindowMs', 10_000, 0),
      maxBufferedTraces: num('traces.maxBufferedTraces', 20_000, 1),
      maxKeptTraces: num('traces.maxKeptTraces', 200_000, 1),
      maxBufferedBytes:
        num('traces.maxBufferedMegabytes', 64, 1) * 1024 * 1024,
    },
    latencyThresholdsMs: readThresholds(c),
    traceSource: readTraceSource(c),
    retention: {
      minuteMs: num('retention.minuteDays', 2, 0) * DAY_MS,
      hourMs: num('retention.hourDays', 35, 0) * DAY_MS,
      dayMs: num('retention.dayDays', 400, 0) * DAY_MS,
    },
    cleanup: {
      frequencySeconds: num('retention.frequencySeconds', 600, 1, 86_400),
    },
    catalog: { windowMs: readCatalogWindow(c) },
  };
}

function readCatalogWindow(c: Config | undefined): number {
  const value = c?.getOptionalString('catalog.window') ?? '7d';
  const parsed = duration.safeParse(value);
  if (!parsed.success) {
    throw new InputError(
      `serviceGraph.catalog.window must be a duration such as 7d, got ${value}`,
    );
  }
  return parsed.data;
}

function readTraceSource(
  c: Config | undefined,
): ServiceGraphConfig['traceSource'] {
  const type = c?.getOptionalString('traceSource.type') ?? 'builtin';
  if (type === 'builtin') return { type };
  if (type === 'jaeger') {
    return { type, baseUrl: c!.getString('traceSource.jaeger.baseUrl') };
  }
  throw new InputError(
    `serviceGraph.traceSource.type must be builtin or jaeger, got ${type}`,
  );
}

export const DEFAULT_LATENCY_THRESHOLDS_MS = [
  5, 10, 25, 50, 100, 200, 250, 300, 500, 750, 1000, 1500, 2000, 2500, 5000,
  10000,
];

function readThresholds(c: Config | undefined): number[] {
  const thresholds =
    c?.getOptional<number[]>('latencyThresholdsMs') ??
    DEFAULT_LATENCY_THRESHOLDS_MS;
  if (
    !Array.isArray(thresholds) ||
    thresholds.length === 0 ||
    thresholds.some(t => typeof t !== 'number' || !(t > 0))
  ) {
    throw new InputError(
      'serviceGraph.latencyThresholdsMs must be a non-empty list of positive numbers',
    );
  }
  return [...thresholds].sort((a, b) => a - b);
}
