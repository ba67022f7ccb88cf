export interface Config {
  /** Configuration for the Steward ownership backend plugin. */
  ownership?: {
    docs?: {
      /** Link types every Component must have. Default runbook, dashboard, alerts, playbook. */
      requiredLinks?: string[];
      /** Days after which steward.dev/last-reviewed is stale. Default 90. */
      maxReviewAgeDays?: number;
    };
    routing?: {
      /** Repeats of one alert at one culprit within this many minutes are grouped, not re-sent. Default 30. */
      dedupeWindowMinutes?: number;
      /** How far back to look for an erroring trace when the alert names none, in minutes. Default 30. */
      traceLookbackMinutes?: number;
      /** An outbound webhook that receives every routing decision as JSON. */
      webhookUrl?: string;
      /** Prometheus base URL whose exemplars (`/api/v1/query_exemplars`) give trace ids for alerts that carry none. */
      prometheusUrl?: string;
    };
  };
}
