export interface Config {
  /** Configuration for the Steward ownership backend plugin. */
  ownership?: {
    docs?: {
      /** Link types every Component must have. Default runbook, dashboard, alerts, playbook. */
      requiredLinks?: string[];
      /** Days after which steward.dev/last-reviewed is stale. Default 90. */
      maxReviewAgeDays?: number;
      /** How often the scheduled audit of every Component runs, in minutes. Default 1440 (daily). */
      auditFrequencyMinutes?: number;
      /** Days of stored audits kept for the trend. Default 400. */
      historyDays?: number;
    };
    oncall?: {
      /** PagerDuty REST API v2, for Groups whose on-call lives there. */
      pagerduty?: {
        /** Default https://api.pagerduty.com */
        baseUrl?: string;
        /**
         * A REST API key, sent as `Authorization: Token token=...`.
         * @visibility secret
         */
        token: string;
      };
      /** Opsgenie API v2, for Groups whose on-call lives there. */
      opsgenie?: {
        /** Default https://api.opsgenie.com (use https://api.eu.opsgenie.com for the EU instance). */
        baseUrl?: string;
        /**
         * An API integration key, sent as `Authorization: GenieKey ...`.
         * @visibility secret
         */
        apiKey: string;
      };
      /**
       * Where each Group's on-call lives, by full Group ref; overrides the
       * Group's annotations. A Group in neither uses its spec.oncall.
       */
      groups?: {
        [groupRef: string]:
          | { provider: 'builtin' }
          | {
              provider: 'pagerduty';
              scheduleIds: string[];
              escalationPolicyId?: string;
            }
          | {
              provider: 'opsgenie';
              scheduleIds: string[];
              escalationId?: string;
            };
      };
      /** Timeout of each provider request, in seconds. Default 10. */
      timeoutSeconds?: number;
      /** Rotation health flags people covering more services than this. Default 8. */
      maxServicesPerPerson?: number;
    };
    metrics?: {
      /**
       * How often, in minutes, the task `ownership-org-snapshot` (one replica
       * runs it) records each Component's owner, docs, SLO, traces seen and
       * its team's on-call, which the org metrics of past moments are read
       * from. Default 1440 (daily).
       */
      snapshotFrequencyMinutes?: number;
      /** Snapshots older than this many days are deleted. Default 800. */
      historyDays?: number;
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
      /** Prometheus base URL whose exemplars (`/api/v1/query_exemplars`) give trace ids for alerts that carry none. */
      prometheusUrl?: string;
      /**
       * How long a team's on-call, as its provider answered, is reused for
       * routing, in seconds (never past the end of a shift the answer
       * reports). Default 300.
       */
      oncallCacheSeconds?: number;
      /**
       * How long routing waits for a team's on-call provider, in
       * milliseconds, before falling back (the last answer, the built-in
       * rotation, or the whole team). Default 2000.
       */
      oncallTimeoutMilliseconds?: number;
    };
  };
}
