import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** The plugin's configuration, read once at start-up. */
export type OwnershipConfig = {
  docs: { requiredLinks: string[]; maxReviewAgeDays: number };
  routing: {
    dedupeWindowMs: number;
    traceLookbackMs: number;
    webhookUrl?: string;
    prometheusUrl?: string;
  };
};

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
  return {
    docs: {
      requiredLinks: c?.getOptionalStringArray('docs.requiredLinks') ?? [
        'runbook',
        'dashboard',
        'alerts',
        'playbook',
      ],
      maxReviewAgeDays: num('docs.maxReviewAgeDays', 90, 1, 3650),
    },
    routing: {
      dedupeWindowMs:
        num('routing.dedupeWindowMinutes', 30, 0, 10_080) * 60_000,
      traceLookbackMs:
        num('routing.traceLookbackMinutes', 30, 1, 10_080) * 60_000,
      webhookUrl: httpUrl('routing.webhookUrl'),
      prometheusUrl: httpUrl('routing.prometheusUrl'),
    },
  };
}
