import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** The plugin's configuration, read once at start-up. */
export type OwnershipConfig = {
  docs: { requiredLinks: string[]; maxReviewAgeDays: number };
  routing: {
    dedupeWindowMs: number;
    traceLookbackMs: number;
    incidentWindowMs: number;
    traceWaitMs: number;
    webhookUrl?: string;
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
  const webhookUrl = c?.getOptionalString('routing.webhookUrl');
  if (webhookUrl && !/^https?:\/\//.test(webhookUrl)) {
    throw new InputError('ownership.routing.webhookUrl must be an http(s) URL');
  }
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
      incidentWindowMs:
        num('routing.incidentWindowMinutes', 5, 1, 10_080) * 60_000,
      traceWaitMs: num('routing.traceWaitSeconds', 15, 0, 300) * 1000,
      webhookUrl,
    },
  };
}
