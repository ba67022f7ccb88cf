export interface Config {
  /** Configuration for the Steward SLO backend plugin. */
  slo?: {
    evaluation?: {
      /** How often every SLO is evaluated (once across replicas), in seconds. Default 60. */
      frequencySeconds?: number;
      /** Quarters of compliance history reported besides the current one. Default 4. */
      quartersOfHistory?: number;
    };
    /** The organisation's error budget policy; an SLO may override it with annotations. */
    policy?: {
      /** Share of the budget consumed at which the gate warns. Default 0.5. */
      warnAt?: number;
      /** Share of the budget consumed at which the gate freezes releases. Default 0.9. */
      freezeAt?: number;
      /** Share of the budget one incident may consume before it is a major incident. Default 0.2. */
      majorIncidentShare?: number;
    };
    deploys?: {
      /** A deploy followed by an SLO alert within this many minutes counts as a failed change. Default 60. */
      failureWindowMinutes?: number;
    };
    prometheus?: {
      /** Prometheus base URL for SLIs of type `prometheus`. */
      baseUrl?: string;
    };
  };
}
