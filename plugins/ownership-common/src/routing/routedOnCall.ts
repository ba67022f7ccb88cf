import { RoutedOnCall } from '../api';
import { OnCallPerson, OnCallStatus } from '../oncall/apiTypes';

function named(person: OnCallPerson | undefined): string | undefined {
  return person && (person.userRef ?? person.email ?? person.name);
}

/**
 * Who a routed alert pages, from a provider's answer that may be a while
 * old: the first schedule with someone on call at `atMs`. When the answer's
 * current shift has ended by then, its next shift holds the pager (what
 * follows that, the answer does not say).
 *
 * @public
 */
export function routedOnCall(
  status: OnCallStatus,
  atMs: number,
): RoutedOnCall | undefined {
  for (const s of status.schedules) {
    const shiftHolds =
      s.currentUntilMs === undefined || atMs < s.currentUntilMs;
    const nextHolds =
      !shiftHolds && (s.nextFromMs === undefined || s.nextFromMs <= atMs);
    let holder: OnCallPerson | undefined;
    if (shiftHolds) holder = s.current[0];
    else if (nextHolds) holder = s.next[0];
    if (holder) {
      return {
        provider: status.provider,
        rotation: s.schedule,
        current: named(holder),
        next: shiftHolds ? named(s.next[0]) : undefined,
        nextAtMs: shiftHolds ? s.nextFromMs : undefined,
      };
    }
  }
  return undefined;
}

/**
 * Until when a provider's answer names the right people: the earliest end
 * of a current shift it reports, else forever.
 *
 * @public
 */
export function onCallValidUntilMs(status: OnCallStatus): number {
  return Math.min(
    Infinity,
    ...status.schedules.flatMap(s =>
      s.currentUntilMs === undefined ? [] : [s.currentUntilMs],
    ),
  );
}
