import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  DEFAULT_REPEAT_AFTER_MINUTES,
  EscalationTargetView,
  EscalationView,
  OnCallPerson,
  ScheduleOnCall,
  OnCallSpec,
  validateGroupOnCall,
  whoIsOnCall,
} from '@steward/plugin-ownership-common';
import { OnCallProvider, RotationPeople } from './types';

function person(userRef: string): OnCallPerson {
  return { name: userRef.replace(/^user:(default\/)?/, ''), userRef };
}

/** A Group's `spec.oncall`, validated; undefined when it declares none. */
function spec(group: Entity): OnCallSpec | undefined {
  const result = validateGroupOnCall(group);
  if (!result.ok) {
    // The catalog accepts any spec field; a broken one is the Group's
    // author's to fix, so say exactly where.
    throw new InputError(
      `Group ${group.metadata.name} has an invalid on-call spec: ${result.issues
        .map(i => `${i.path} ${i.message}`)
        .join('; ')}`,
    );
  }
  return result.value;
}

/** On-call from the rotations and escalation policy declared on the Group. */
export class BuiltinOnCallProvider
  implements OnCallProvider<{ group: Entity }>
{
  private constructor() {}

  static create(): BuiltinOnCallProvider {
    return new BuiltinOnCallProvider();
  }

  async onCall(options: {
    source: { group: Entity };
    atMs: number;
  }): Promise<ScheduleOnCall[]> {
    return (spec(options.source.group)?.rotations ?? []).map(rotation => {
      const { current, next } = whoIsOnCall({ rotation, atMs: options.atMs });
      return {
        schedule: rotation.name,
        current: current ? [person(current.user)] : [],
        currentUntilMs: current?.toMs,
        next: [person(next.user)],
        nextFromMs: next.fromMs,
      };
    });
  }

  async escalation(options: {
    source: { group: Entity };
    atMs: number;
  }): Promise<EscalationView | undefined> {
    const oncall = spec(options.source.group);
    if (!oncall) return undefined;
    const rotations = new Map(oncall.rotations.map(r => [r.name, r]));
    const { escalationPolicy: policy } = oncall;
    return {
      name: policy.name,
      steps: policy.steps.map(step => ({
        afterMinutes: step.afterMinutes,
        targets: step.targets.map((target): EscalationTargetView => {
          if (target.type === 'user') {
            return { type: 'user', person: person(target.ref) };
          }
          if (target.type === 'group') {
            return { type: 'team', name: target.ref, ref: target.ref };
          }
          const { current } = whoIsOnCall({
            rotation: rotations.get(target.name)!,
            atMs: options.atMs,
          });
          return {
            type: 'schedule',
            name: target.name,
            onCallNow: current ? [person(current.user)] : [],
          };
        }),
      })),
      repeat: policy.repeat ?? 0,
      repeatAfterMinutes: policy.repeat
        ? policy.repeatAfterMinutes ?? DEFAULT_REPEAT_AFTER_MINUTES
        : undefined,
    };
  }

  async rotations(options: {
    source: { group: Entity };
  }): Promise<RotationPeople[]> {
    return (spec(options.source.group)?.rotations ?? []).map(r => ({
      name: r.name,
      members: r.members,
    }));
  }
}
