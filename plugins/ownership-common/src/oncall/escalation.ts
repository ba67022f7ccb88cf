import { MINUTE_MS } from '../shared/time';
import {
  DEFAULT_REPEAT_AFTER_MINUTES,
  EscalationPolicy,
  Rotation,
} from './schema';
import { whoIsOnCall } from './whoIsOnCall';

/**
 * Someone to page. A user comes from a rotation (whoever is on call there
 * now) or is named in the policy; a group target is another team, paged
 * through its own on-call, which the caller resolves with that team's spec.
 *
 * @public
 */
export type PagedTarget =
  | { type: 'user'; ref: string; rotation?: string }
  | { type: 'group'; ref: string };

/** @public */
export type EscalationState = {
  /** Index of the step reached; undefined before the first step fires. */
  step?: number;
  /** 0 for the first pass through the steps, 1 for the first repeat, ... */
  loop: number;
  /** Who that step pages, each person once. */
  targets: PagedTarget[];
  /** Rotations that step pages but that have nobody on call (before their start). */
  unstaffedRotations: string[];
  /** Minutes until the next step fires; undefined after the last one. */
  nextStepInMinutes?: number;
};

/** When step `i` of loop `loop` fires, in minutes since the alert. */
function firesAt(policy: EscalationPolicy, loop: number, i: number): number {
  const steps = policy.steps;
  const cycle =
    steps[steps.length - 1].afterMinutes +
    (policy.repeatAfterMinutes ?? DEFAULT_REPEAT_AFTER_MINUTES);
  return loop * cycle + steps[i].afterMinutes;
}

/**
 * Who is paged `minutesSinceAlert` into an unacknowledged alert: the
 * targets of the latest step that has fired, with rotations resolved to
 * whoever is on call at `atMs`. A step stays in force until the next fires;
 * with `repeat`, the steps start over `repeatAfterMinutes` after the last
 * one, `repeat` times, and the last step of the last pass stays in force.
 *
 * @public
 */
export function escalationTargetsAt(options: {
  policy: EscalationPolicy;
  rotations: ReadonlyArray<Rotation>;
  atMs: number;
  minutesSinceAlert: number;
}): EscalationState {
  const { policy, atMs, minutesSinceAlert } = options;
  const loops = (policy.repeat ?? 0) + 1;
  // Firing times, in order; a policy has a handful of steps and repeats.
  const firings: Array<{ loop: number; step: number; at: number }> = [];
  for (let loop = 0; loop < loops; loop++) {
    policy.steps.forEach((_, step) =>
      firings.push({ loop, step, at: firesAt(policy, loop, step) }),
    );
  }
  let reached = -1;
  while (
    reached + 1 < firings.length &&
    firings[reached + 1].at <= minutesSinceAlert
  ) {
    reached += 1;
  }
  const following = firings[reached + 1];
  const nextStepInMinutes = following
    ? following.at - minutesSinceAlert
    : undefined;
  if (reached < 0) {
    return { loop: 0, targets: [], unstaffedRotations: [], nextStepInMinutes };
  }

  const { loop, step } = firings[reached];
  const rotationsByName = new Map(options.rotations.map(r => [r.name, r]));
  const targets: PagedTarget[] = [];
  const unstaffedRotations: string[] = [];
  const seen = new Set<string>();
  const add = (target: PagedTarget) => {
    const key = `${target.type}:${target.ref}`;
    if (!seen.has(key)) {
      seen.add(key);
      targets.push(target);
    }
  };
  for (const target of policy.steps[step].targets) {
    if (target.type !== 'rotation') {
      add({ type: target.type, ref: target.ref });
      continue;
    }
    const rotation = rotationsByName.get(target.name);
    const current = rotation
      ? whoIsOnCall({ rotation, atMs }).current
      : undefined;
    if (current) {
      add({ type: 'user', ref: current.user, rotation: target.name });
    } else {
      unstaffedRotations.push(target.name);
    }
  }
  return { step, loop, targets, unstaffedRotations, nextStepInMinutes };
}

/**
 * Minutes between an alert and now, for `escalationTargetsAt`; never
 * negative, so clock skew between an alert source and us cannot page
 * nobody.
 *
 * @public
 */
export function minutesSince(options: {
  alertAtMs: number;
  nowMs: number;
}): number {
  return Math.max(0, (options.nowMs - options.alertAtMs) / MINUTE_MS);
}
