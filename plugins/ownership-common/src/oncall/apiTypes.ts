import { RotationHealthReport } from './rotationHealth';

/** @public */
export type OnCallProviderName = 'builtin' | 'pagerduty' | 'opsgenie';

/**
 * Someone on call, as the provider names them. `userRef` links them to a
 * catalog User: from the Group's spec, or by `email` for PagerDuty and
 * Opsgenie.
 *
 * @public
 */
export type OnCallPerson = {
  name: string;
  userRef?: string;
  email?: string;
  /** The provider's own id. */
  id?: string;
};

/**
 * Who holds one rotation's (or one provider schedule's) pager now and next.
 *
 * @public
 */
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

/** @public */
export type OnCallStatus = {
  groupRef: string;
  provider: OnCallProviderName;
  atMs: number;
  schedules: ScheduleOnCall[];
};

/** @public */
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

/** @public */
export type EscalationStepView = {
  /** Minutes after the alert at which this step pages. */
  afterMinutes: number;
  targets: EscalationTargetView[];
};

/** @public */
export type EscalationView = {
  name: string;
  id?: string;
  steps: EscalationStepView[];
  /** How many times the steps start over when nobody acknowledges. */
  repeat: number;
  /** Minutes after the last step before starting over. */
  repeatAfterMinutes?: number;
};

/** @public */
export type GroupEscalation = {
  groupRef: string;
  provider: OnCallProviderName;
  /** Undefined when the Group has no escalation policy. */
  policy?: EscalationView;
};

/** @public */
export type OnCallHealth = RotationHealthReport & {
  /** Groups whose provider could not be read: left out, not failing the report. */
  unavailable: Array<{ group: string; message: string }>;
};
