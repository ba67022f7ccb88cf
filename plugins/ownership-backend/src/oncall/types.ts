import {
  EscalationView,
  ScheduleOnCall,
} from '@steward/plugin-ownership-common';

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
