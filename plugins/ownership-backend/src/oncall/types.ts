/**
 * Someone on call, as the provider names them. `email` (PagerDuty, Opsgenie)
 * or `userRef` (built-in) links them to a catalog User.
 */
export type OnCallPerson = {
  name: string;
  userRef?: string;
  email?: string;
  /** The provider's own id. */
  id?: string;
};

/** Who holds one rotation's (or one provider schedule's) pager now and next. */
export type ScheduleOnCall = {
  schedule: string;
  scheduleId?: string;
  current: OnCallPerson[];
  /** When the current shift ends, when the provider says. */
  currentUntilMs?: number;
  next: OnCallPerson[];
  /** When the next shift starts; Opsgenie's next-on-calls does not say. */
  nextFromMs?: number;
};

export type EscalationTargetView =
  | { type: 'user'; person: OnCallPerson }
  | {
      type: 'schedule';
      name: string;
      id?: string;
      /** Whoever the schedule pages now, for the built-in rotations. */
      onCallNow?: OnCallPerson[];
    }
  | { type: 'team'; name: string; ref?: string; id?: string };

export type EscalationStepView = {
  /** Minutes after the alert at which this step pages. */
  afterMinutes: number;
  targets: EscalationTargetView[];
};

export type EscalationView = {
  name: string;
  id?: string;
  steps: EscalationStepView[];
  /** How many times the steps start over when nobody acknowledges. */
  repeat: number;
  /** Minutes after the last step before starting over. */
  repeatAfterMinutes?: number;
};

/** A rotation's people: what rotation health counts. */
export type RotationPeople = { name: string; members: string[] };

/**
 * One place a Group's on-call can live. `TSource` is what the provider needs
 * to find that Group's schedules: the Group itself for `spec.oncall`, schedule
 * and policy ids for PagerDuty and Opsgenie.
 */
export interface OnCallProvider<TSource> {
  onCall(options: { source: TSource; atMs: number }): Promise<ScheduleOnCall[]>;
  escalation(options: {
    source: TSource;
    atMs: number;
  }): Promise<EscalationView | undefined>;
  rotations(options: { source: TSource }): Promise<RotationPeople[]>;
}
