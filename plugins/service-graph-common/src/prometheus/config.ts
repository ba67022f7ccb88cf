import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  ConnectorMetricsOptions,
  DEFAULT_CONNECTOR_METRICS,
  DurationUnit,
} from './names';

/**
 * Where the service graph's edges and RED come from: Steward's own
 * database, filled by its OTLP receiver, or Prometheus, filled by the
 * OpenTelemetry Collector's spanmetrics and servicegraph connectors.
 *
 * @public
 */
export type ServiceGraphSource =
  | { type: 'database' }
  | {
      type: 'prometheus';
      baseUrl: string;
      timeoutMs: number;
      metrics: ConnectorMetricsOptions;
    };

const METRIC_PREFIX = /^([a-zA-Z_:][a-zA-Z0-9_:]*)?$/;

/**
 * Reads `serviceGraph.source` and `serviceGraph.prometheus`: the service
 * graph backend answers from it, and the SLO backend counts trace-based
 * SLIs from the same Prometheus when it is `prometheus`.
 *
 * @public
 */
export function readServiceGraphSource(config: Config): ServiceGraphSource {
  const type = config.getOptionalString('serviceGraph.source') ?? 'database';
  if (type === 'database') return { type };
  if (type !== 'prometheus') {
    throw new InputError(
      `serviceGraph.source must be database or prometheus, got ${type}`,
    );
  }
  const c = config.getConfig('serviceGraph.prometheus');
  const timeoutSeconds = c.getOptionalNumber('queryTimeoutSeconds') ?? 30;
  if (!(timeoutSeconds > 0 && timeoutSeconds <= 600)) {
    throw new InputError(
      `serviceGraph.prometheus.queryTimeoutSeconds must be between 0 and 600, got ${timeoutSeconds}`,
    );
  }
  const connector = (
    key: 'spanMetrics' | 'serviceGraphMetrics',
    fallback: { prefix: string; durationUnit: DurationUnit },
  ) => {
    // Read raw: getOptionalString refuses '', which means no prefix here.
    const prefix = c.getOptional(`${key}.prefix`) ?? fallback.prefix;
    if (typeof prefix !== 'string' || !METRIC_PREFIX.test(prefix)) {
      throw new InputError(
        `serviceGraph.prometheus.${key}.prefix must be empty or a Prometheus metric name, got ${prefix}`,
      );
    }
    const unit =
      c.getOptionalString(`${key}.durationUnit`) ?? fallback.durationUnit;
    if (unit !== 'ms' && unit !== 's') {
      throw new InputError(
        `serviceGraph.prometheus.${key}.durationUnit must be ms or s, got ${unit}`,
      );
    }
    return { prefix, durationUnit: unit as DurationUnit };
  };
  return {
    type,
    baseUrl: c.getString('baseUrl'),
    timeoutMs: timeoutSeconds * 1000,
    metrics: {
      spanMetrics: connector(
        'spanMetrics',
        DEFAULT_CONNECTOR_METRICS.spanMetrics,
      ),
      serviceGraph: connector(
        'serviceGraphMetrics',
        DEFAULT_CONNECTOR_METRICS.serviceGraph,
      ),
    },
  };
}
