import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  readServiceGraphSource,
  ServiceGraphSource,
} from '@steward/plugin-service-graph-common';
import { ErrorBudgetPolicy } from '@steward/plugin-slo-common';

/** The plugin's configuration, read once at start-up. */
export type SloConfig = {
  evaluation: { frequencySeconds: number; quartersOfHistory: number };
  policy: ErrorBudgetPolicy & { majorIncidentShare: number };
  deploys: { failureWindowMs: number };
  prometheus?: { baseUrl: string };
  /**
   * Where trace-based SLIs are counted: the service graph's database, or
   * the spanmetrics connector in Prometheus (`serviceGraph.source`).
   */
  serviceGraphSource: ServiceGraphSource;
};

export function readSloConfig(config: Config): SloConfig {
  const c = config.getOptionalConfig('slo');
  const num = (key: string, fallback: number, min: number, max: number) => {
    const value = c?.getOptionalNumber(key) ?? fallback;
    if (!(value >= min && value <= max)) {
      throw new InputError(
        `slo.${key} must be between ${min} and ${max}, got ${value}`,
      );
    }
    return value;
  };
  const policy = {
    warnAt: num('policy.warnAt', 0.5, 0, 1),
    freezeAt: num('policy.freezeAt', 0.9, 0, 1),
    majorIncidentShare: num('policy.majorIncidentShare', 0.2, 0, 1),
  };
  if (policy.warnAt > policy.freezeAt) {
    throw new InputError(
      'slo.policy.warnAt must not exceed slo.policy.freezeAt',
    );
  }
  const prometheusUrl = c?.getOptionalString('prometheus.baseUrl');
  return {
    evaluation: {
      frequencySeconds: num('evaluation.frequencySeconds', 60, 1, 86_400),
      quartersOfHistory: num('evaluation.quartersOfHistory', 4, 0, 12),
    },
    policy,
    deploys: {
      failureWindowMs:
        num('deploys.failureWindowMinutes', 60, 1, 10_080) * 60_000,
    },
    prometheus: prometheusUrl ? { baseUrl: prometheusUrl } : undefined,
    serviceGraphSource: readServiceGraphSource(config),
  };
}
