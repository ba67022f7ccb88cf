import {
  ServiceGraphApi,
  SliSelector,
} from '@steward/plugin-service-graph-common';
import {
  CountWindow,
  EventCounts,
  windowKey,
} from '@steward/plugin-slo-common';
import { SloDefinition } from '../catalog/loadSloDefinitions';
import { SloCounts, SliSource } from './SliSource';
import { TraceSliSelector, traceSliSelector } from './traceSliSelector';

/** The service graph answers at most this many windows per request. */
const WINDOWS_PER_REQUEST = 500;

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
    return traceSliSelector(slo) !== undefined;
  }

  async fetchCounts(options: {
    slos: SloDefinition[];
    windows: CountWindow[];
  }): Promise<SloCounts> {
    const selectors = new Map<string, TraceSliSelector>();
    for (const slo of options.slos) {
      const selector = traceSliSelector(slo);
      if (selector) selectors.set(slo.sloRef, selector);
    }
    const counts: SloCounts = new Map(
      [...selectors.keys()].map(ref => [ref, new Map<string, EventCounts>()]),
    );
    if (selectors.size === 0) return counts;

    // The service graph sums each distinct selection once per window: the
    // answer is three numbers per selection, not every series' sums.
    const wire: SliSelector[] = [];
    const wireIndex = new Map<string, number>();
    const selectorIndex = new Map<string, number>();
    for (const [ref, s] of selectors) {
      const thresholdMs = s.signal === 'latency' ? s.thresholdMs : undefined;
      const key = JSON.stringify([s.service, s.operation, thresholdMs]);
      let index = wireIndex.get(key);
      if (index === undefined) {
        index = wire.length;
        wireIndex.set(key, index);
        wire.push({ source: s.service, target: s.operation, thresholdMs });
      }
      selectorIndex.set(ref, index);
    }
    for (let i = 0; i < options.windows.length; i += WINDOWS_PER_REQUEST) {
      const windows = options.windows.slice(i, i + WINDOWS_PER_REQUEST);
      const answer = await this.client.getSliWindows({
        kind: 'op',
        selectors: wire,
        windows: windows.map(w => ({ from: w.fromMs, to: w.toMs })),
      });
      for (const [ref, selector] of selectors) {
        if (
          selector.thresholdMs !== undefined &&
          answer.untrackedThresholdsMs.includes(selector.thresholdMs)
        ) {
          selectors.delete(ref);
          counts.set(
            ref,
            `latency threshold ${selector.thresholdMs} ms is not counted by the service graph (serviceGraph.latencyThresholdsMs)`,
          );
        }
      }
      answer.windows.forEach(({ sums }, index) => {
        const key = windowKey(windows[index]);
        for (const [ref, selector] of selectors) {
          const at = selectorIndex.get(ref)! * 3;
          const calls = sums![at];
          (counts.get(ref) as Map<string, EventCounts>).set(key, {
            total: calls,
            good:
              selector.signal === 'availability'
                ? calls - sums![at + 1]
                : sums![at + 2],
          });
        }
      });
    }
    return counts;
  }
}
