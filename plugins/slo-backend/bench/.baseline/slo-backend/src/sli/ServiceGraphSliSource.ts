import {
  ServiceGraphApi,
  SliSeriesSums,
} from '@steward/plugin-service-graph-common';
import {
  CountWindow,
  EventCounts,
  STEWARD_SERVICE_GRAPH_SOURCE,
  StewardServiceGraphSourceSpec,
  windowKey,
} from '@steward/plugin-slo-common';
import { SloDefinition } from '../catalog/loadSloDefinitions';
import { SloCounts, SliSource } from './SliSource';

/** The service graph answers at most this many windows per request. */
const WINDOWS_PER_REQUEST = 500;

type Selector = {
  service: string;
  operation?: string;
  signal: 'availability' | 'latency';
  thresholdMs?: number;
};

/**
 * Counts SLIs from the service graph's operation buckets: availability is
 * SERVER/CONSUMER spans without error status, latency is spans at or under
 * a threshold, counted exactly at ingest.
 */
export class ServiceGraphSliSource implements SliSource {
  private constructor(private readonly client: ServiceGraphApi) {}

  static create(options: { client: ServiceGraphApi }): ServiceGraphSliSource {
    return new ServiceGraphSliSource(options.client);
  }

  handles(slo: SloDefinition): boolean {
    return selectorOf(slo) !== undefined;
  }

  async fetchCounts(options: {
    slos: SloDefinition[];
    windows: CountWindow[];
  }): Promise<SloCounts> {
    const selectors = new Map<string, Selector>();
    for (const slo of options.slos) {
      const selector = selectorOf(slo);
      if (selector) selectors.set(slo.sloRef, selector);
    }
    const counts: SloCounts = new Map(
      [...selectors.keys()].map(ref => [ref, new Map<string, EventCounts>()]),
    );
    if (selectors.size === 0) return counts;

    const services = [...new Set([...selectors.values()].map(s => s.service))];
    const thresholdsMs = [
      ...new Set(
        [...selectors.values()].flatMap(s =>
          s.thresholdMs ? [s.thresholdMs] : [],
        ),
      ),
    ];
    for (let i = 0; i < options.windows.length; i += WINDOWS_PER_REQUEST) {
      const windows = options.windows.slice(i, i + WINDOWS_PER_REQUEST);
      const answer = await this.client.getSliWindows({
        kind: 'op',
        services,
        thresholdsMs,
        windows: windows.map(w => ({ from: w.fromMs, to: w.toMs })),
      });
      answer.windows.forEach((sums, index) => {
        const key = windowKey(windows[index]);
        const bySource = groupBySource(sums.series);
        for (const [ref, selector] of selectors) {
          counts
            .get(ref)!
            .set(key, countFor(selector, bySource.get(selector.service) ?? []));
        }
      });
    }
    return counts;
  }
}

function selectorOf(slo: SloDefinition): Selector | undefined {
  // Good or bad side alike: the signal says which events are good.
  const ratio = slo.indicator?.spec.ratioMetric;
  const source = (ratio?.good ?? ratio?.bad)?.metricSource;
  if (!source || source.type !== STEWARD_SERVICE_GRAPH_SOURCE) return undefined;
  const spec = source.spec as StewardServiceGraphSourceSpec;
  return {
    service: spec.service ?? slo.serviceName,
    operation: spec.operation,
    signal: spec.signal,
    thresholdMs: spec.thresholdMs,
  };
}

function groupBySource(series: SliSeriesSums[]): Map<string, SliSeriesSums[]> {
  const groups = new Map<string, SliSeriesSums[]>();
  for (const s of series) {
    const group = groups.get(s.source);
    if (group) group.push(s);
    else groups.set(s.source, [s]);
  }
  return groups;
}

function countFor(selector: Selector, series: SliSeriesSums[]): EventCounts {
  let good = 0;
  let total = 0;
  for (const s of series) {
    if (selector.operation !== undefined && s.target !== selector.operation)
      continue;
    total += s.calls;
    good +=
      selector.signal === 'availability'
        ? s.calls - s.errors
        : s.goodAtOrBelowMs[String(selector.thresholdMs)] ?? 0;
  }
  return { good, total };
}
