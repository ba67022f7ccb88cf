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
      /**
       * Erroring traces that started more than this many minutes before the
       * alert started belong to an earlier incident and are not walked. Default 5.
       */
      incidentWindowMinutes?: number;
      /**
       * When no erroring trace of the incident is stored yet, wait this many
       * seconds for the trace source to gather one and search once more
       * (0: do not wait). Default 15.
       */
      traceWaitSeconds?: number;
      /** An outbound webhook that receives every routing decision as JSON. */
      webhookUrl?: string;
    };
  };
}
