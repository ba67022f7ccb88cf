import {
  bucketLeOfThreshold,
  PrometheusClient,
  promqlMatchers,
  promqlRange,
  servedSpansSelection,
  SpanMetricsNames,
  spanMetricsSliQueries,
} from '@steward/plugin-service-graph-common';
import {
  CountWindow,
  PROMETHEUS_WINDOW_PLACEHOLDER,
} from '@steward/plugin-slo-common';
import { SloDefinition } from '../catalog/loadSloDefinitions';
import {
  PrometheusCountRequest,
  PrometheusSliSource,
} from './PrometheusSliSource';
import { SloCounts, SliSource } from './SliSource';
import { TraceSliSelector, traceSliSelector } from './traceSliSelector';

const selectionKey = (s: TraceSliSelector) =>
  JSON.stringify([s.service, s.operation ?? null]);

/**
 * Counts trace-based (`steward-service-graph`) SLIs from the OpenTelemetry
 * Collector's spanmetrics connector in Prometheus, for organisations whose
 * service graph lives there (`serviceGraph.source: prometheus`).
 * Availability: served spans without error status, from `calls`. Latency:
 * the duration histogram's bucket at the threshold, which counts exactly
 * the spans at or under it; the threshold must therefore be a bucket bound,
 * and an SLO whose threshold is not is reported unsupported with the
 * bounds there are, rather than counted wrong.
 */
export class SpanMetricsSliSource implements SliSource {
  private constructor(
    private readonly client: PrometheusClient,
    private readonly counter: PrometheusSliSource,
    private readonly names: SpanMetricsNames,
  ) {}

  static create(options: {
    client: PrometheusClient;
    names: SpanMetricsNames;
  }): SpanMetricsSliSource {
    return new SpanMetricsSliSource(
      options.client,
      PrometheusSliSource.create({ client: options.client }),
      options.names,
    );
  }

  handles(slo: SloDefinition): boolean {
    return traceSliSelector(slo) !== undefined;
  }

  async fetchCounts(options: {
    slos: SloDefinition[];
    windows: CountWindow[];
  }): Promise<SloCounts> {
    const counts: SloCounts = new Map();
    if (options.windows.length === 0) return counts;
    const selected = options.slos.flatMap(slo => {
      const selector = traceSliSelector(slo);
      return selector ? [{ ref: slo.sloRef, selector }] : [];
    });
    const bounds = await this.bucketBounds({
      selectors: selected.flatMap(s =>
        s.selector.signal === 'latency' ? [s.selector] : [],
      ),
      windows: options.windows,
    });
    const requests: PrometheusCountRequest[] = [];
    for (const { ref, selector } of selected) {
      let le: string | undefined;
      if (selector.signal === 'latency') {
        const found = bucketLeOfThreshold({
          thresholdMs: selector.thresholdMs!,
          bounds: bounds.get(selectionKey(selector)) ?? [],
          names: this.names,
        });
        if (typeof found !== 'string') {
          counts.set(ref, found.reason);
          continue;
        }
        le = found;
      }
      requests.push({
        key: ref,
        ...spanMetricsSliQueries({
          names: this.names,
          service: selector.service,
          operation: selector.operation,
          signal: selector.signal,
          le,
          fn: 'increase',
          range: PROMETHEUS_WINDOW_PLACEHOLDER,
        }),
      });
    }
    const fetched = await this.counter.countQueries({
      requests,
      windows: options.windows,
    });
    for (const [ref, byWindow] of fetched) counts.set(ref, byWindow);
    return counts;
  }

  /**
   * The `le` values of the duration histogram of each selection seen in the
   * longest window, one query per selection.
   */
  private async bucketBounds(options: {
    selectors: TraceSliSelector[];
    windows: CountWindow[];
  }): Promise<Map<string, string[]>> {
    const endMs = Math.max(...options.windows.map(w => w.toMs));
    const longestMs = Math.max(...options.windows.map(w => w.toMs - w.fromMs));
    const unique = new Map(options.selectors.map(s => [selectionKey(s), s]));
    const bounds = new Map<string, string[]>();
    await Promise.all(
      [...unique].map(async ([key, s]) => {
        const selection = promqlMatchers(servedSpansSelection(s));
        const samples = await this.client.query(
          `count by (le)(last_over_time(${
            this.names.durationBucketMetric
          }${selection}[${promqlRange(longestMs)}]))`,
          endMs,
        );
        bounds.set(
          key,
          samples
            .map(sample => sample.metric.le)
            .filter(le => le !== undefined),
        );
      }),
    );
    return bounds;
  }
}
