import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  DocsPolicyConfig,
  parseDocsPolicyConfig,
} from '@steward/plugin-ownership-common';
import { ValidationIssue } from '@steward/plugin-slo-common';
import { OnCallConfig, parseOnCallConfig } from './oncall/config';

/** The plugin's configuration, read once at start-up. */
export type OwnershipConfig = {
  docs: DocsPolicyConfig & {
    /** How often the scheduled audit of every Component runs. */
    auditFrequencyMinutes: number;
    /** Stored audits older than this are deleted by the scheduled audit. */
    historyDays: number;
  };
  routing: {
    dedupeWindowMs: number;
    traceLookbackMs: number;
    incidentWindowMs: number;
    traceWaitMs: number;
    webhookUrl?: string;
    prometheusUrl?: string;
    oncallCacheMs: number;
    oncallTimeoutMs: number;
  };
  oncall: OnCallConfig;
  metrics: {
    /** How often the scheduled task records the Components' state. */
    snapshotFrequencyMinutes: number;
    /** Snapshots older than this are deleted by the task. */
    historyDays: number;
  };
};

function configError(issues: ValidationIssue[]): InputError {
  return new InputError(
    `Invalid configuration: ${issues
      .map(i => `${i.path} ${i.message}`)
      .join('; ')}`,
  );
}

export function readOwnershipConfig(config: Config): OwnershipConfig {
  const c = config.getOptionalConfig('ownership');
  const num = (key: string, fallback: number, min: number, max: number) => {
    const value = c?.getOptionalNumber(key) ?? fallback;
    if (!(value >= min && value <= max)) {
      throw new InputError(
        `ownership.${key} must be between ${min} and ${max}, got ${value}`,
      );
    }
    return value;
  };
  const httpUrl = (key: string) => {
    const value = c?.getOptionalString(key);
    if (value && !/^https?:\/\//.test(value)) {
      throw new InputError(`ownership.${key} must be an http(s) URL`);
    }
    return value;
  };
  const docsPolicy = parseDocsPolicyConfig(c?.getOptional('docs'));
  if (!docsPolicy.ok) throw configError(docsPolicy.issues);
  const oncall = parseOnCallConfig(c?.getOptional('oncall'));
  if (!oncall.ok) throw configError(oncall.issues);
  return {
    docs: {
      ...docsPolicy.value,
      auditFrequencyMinutes: num('docs.auditFrequencyMinutes', 1440, 1, 10_080),
      historyDays: num('docs.historyDays', 400, 1, 3650),
    },
    routing: {
      dedupeWindowMs:
        num('routing.dedupeWindowMinutes', 30, 0, 10_080) * 60_000,
      traceLookbackMs:
        num('routing.traceLookbackMinutes', 30, 1, 10_080) * 60_000,
      incidentWindowMs:
        num('routing.incidentWindowMinutes', 5, 1, 10_080) * 60_000,
      traceWaitMs: num('routing.traceWaitSeconds', 15, 0, 300) * 1000,
      webhookUrl: httpUrl('routing.webhookUrl'),
      prometheusUrl: httpUrl('routing.prometheusUrl'),
      oncallCacheMs: num('routing.oncallCacheSeconds', 300, 0, 86_400) * 1000,
      oncallTimeoutMs: num(
        'routing.oncallTimeoutMilliseconds',
        2000,
        10,
        60_000,
      ),
    },
    oncall: oncall.value,
    metrics: {
      snapshotFrequencyMinutes: num(
        'metrics.snapshotFrequencyMinutes',
        1440,
        5,
        10_080,
      ),
      historyDays: num('metrics.historyDays', 800, 1, 3650),
    },
  };
}
