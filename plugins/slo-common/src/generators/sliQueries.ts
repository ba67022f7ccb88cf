import { InputError } from '@backstage/errors';
import {
  SpanMetricsNames,
  spanMetricsNames,
  spanMetricsSliQueries,
  thresholdLe,
} from '@steward/plugin-service-graph-common';
import type { OpenSloSliSpec } from '../openslo/schemas';
import { parseServiceRef } from '../openslo/schemas';
import {
  PROMETHEUS_SOURCE,
  PROMETHEUS_WINDOW_PLACEHOLDER,
  STEWARD_SERVICE_GRAPH_SOURCE,
  StewardServiceGraphSourceSpec,
  stewardMetricSource,
} from '../openslo/sources';

/**
 * The PromQL an SLI is measured with: the rate (or count) of bad events and
 * of all events, each containing `{{window}}` wherever the window goes.
 *
 * @public
 */
export type PrometheusSliQueries = { errorQuery: string; totalQuery: string };

const W = PROMETHEUS_WINDOW_PLACEHOLDER;

function serviceGraphQueries(options: {
  spec: StewardServiceGraphSourceSpec;
  service: string;
  names: SpanMetricsNames;
}): PrometheusSliQueries {
  const { spec, names } = options;
  const queries = spanMetricsSliQueries({
    names,
    service:
      spec.service ?? parseServiceRef(options.service)?.name ?? options.service,
    operation: spec.operation,
    signal: spec.signal,
    // Validation requires thresholdMs for latency; `le` must equal one of the
    // histogram's explicit bucket bounds exactly.
    le:
      spec.thresholdMs === undefined
        ? undefined
        : thresholdLe(spec.thresholdMs, names),
    fn: 'rate',
    range: W,
  });
  if ('bad' in queries) {
    return {
      // With no failed span in the window the error selection matches no
      // series at all, and an empty numerator would make the ratio empty
      // ("no data") instead of 0. `or vector(0)` is safe here because both
      // sides are label-less sums; the denominator keeps its emptiness, so
      // no traffic stays "no data", never a perfect score.
      errorQuery: `${queries.bad} or vector(0)`,
      totalQuery: queries.total,
    };
  }
  return {
    errorQuery: `${queries.total} - ${queries.good}`,
    totalQuery: queries.total,
  };
}

/**
 * The error and total queries of an SLI spec, for rule and dashboard
 * generation. A `prometheus` ratio uses the author's queries: `bad` as the
 * error query, or `(total) - (good)` when only `good` is given. A
 * `steward-service-graph` ratio becomes queries over the spanmetrics
 * connector's series for `service` (the SLO's service, unless the source
 * names another). Throws InputError for SLIs Steward cannot express in
 * PromQL: threshold metrics and other source types.
 *
 * @public
 */
export function prometheusSliQueries(options: {
  sli: OpenSloSliSpec;
  service: string;
  spanMetrics?: Partial<SpanMetricsNames>;
}): PrometheusSliQueries {
  const ratio = options.sli.ratioMetric;
  if (!ratio) {
    throw new InputError(
      'Only ratioMetric SLIs can be turned into Prometheus rules: a thresholdMetric has no events to count',
    );
  }
  const numerator = ratio.good ?? ratio.bad;
  const total = stewardMetricSource(ratio.total.metricSource);
  const counted = numerator && stewardMetricSource(numerator.metricSource);
  if (
    total?.type === STEWARD_SERVICE_GRAPH_SOURCE &&
    counted?.type === STEWARD_SERVICE_GRAPH_SOURCE
  ) {
    // Validation makes both selections the same; one yields both counts.
    return serviceGraphQueries({
      spec: total.spec,
      service: options.service,
      names: { ...spanMetricsNames(), ...options.spanMetrics },
    });
  }
  if (
    total?.type === PROMETHEUS_SOURCE &&
    counted?.type === PROMETHEUS_SOURCE
  ) {
    const totalQuery = total.spec.query;
    return {
      errorQuery: ratio.bad
        ? counted.spec.query
        : `(${totalQuery}) - (${counted.spec.query})`,
      totalQuery,
    };
  }
  throw new InputError(
    `Prometheus rules can be generated only for ratio metrics whose counts both come from ${PROMETHEUS_SOURCE} or both from ${STEWARD_SERVICE_GRAPH_SOURCE}`,
  );
}
