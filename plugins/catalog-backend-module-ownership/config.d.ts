export interface Config {
  /** The same keys the Steward ownership backend reads, so both audit alike. */
  ownership?: {
    docs?: {
      /** Link types every Component must have. Default runbook, dashboard, alerts, playbook. */
      requiredLinks?: string[];
      /** Days after which steward.dev/last-reviewed is stale. Default 90. */
      maxReviewAgeDays?: number;
    };
  };
}
