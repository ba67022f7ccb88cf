import { normalizeRef } from '../shared/refs';
import {
  DEFAULT_REPEAT_AFTER_MINUTES,
  EscalationPolicy,
  EscalationStep,
  EscalationTarget,
} from './schema';

/**
 * The body of PagerDuty REST API v2 `POST /escalation_policies`.
 *
 * @public
 */
export type PagerDutyEscalationPolicyBody = {
  escalation_policy: {
    type: 'escalation_policy';
    name: string;
    description?: string;
    escalation_rules: Array<{
      escalation_delay_in_minutes: number;
      targets: Array<{
        id: string;
        type: 'schedule_reference' | 'user_reference';
      }>;
    }>;
    num_loops: number;
  };
};

/**
 * The body of Opsgenie API v2 `POST /v2/escalations`.
 *
 * @public
 */
export type OpsgenieEscalationBody = {
  name: string;
  description?: string;
  ownerTeam: { name: string };
  rules: Array<{
    condition: 'if-not-acked';
    notifyType: 'default';
    delay: { timeAmount: number; timeUnit: 'minutes' };
    recipient:
      | { type: 'schedule'; name: string }
      | { type: 'user'; username: string }
      | { type: 'team'; name: string };
  }>;
  repeat?: {
    waitInterval: number;
    count: number;
    resetRecipientStates: boolean;
    closeAlertAfterAll: boolean;
  };
};

/**
 * A payload and what could not be carried over: a target with no id in
 * the mapping, a step the provider cannot express. Nothing is dropped
 * silently, so a sync job can refuse to push a policy that would page fewer
 * people than the catalog says.
 *
 * @public
 */
export type ProviderPayload<T> = { body: T; warnings: string[] };

/**
 * Provider ids (PagerDuty) or names (Opsgenie) for what a Steward policy
 * names.
 *
 * @public
 */
export type ProviderMapping = {
  /** By rotation name: the provider schedule that mirrors the rotation. */
  schedules: Readonly<Record<string, string>>;
  /** By user ref (`user:default/priya-raman` or `priya-raman`). */
  users: Readonly<Record<string, string>>;
  /** By group ref: what to page for another team. */
  groups?: Readonly<Record<string, string>>;
};

/** Mapping keys as full refs, so `priya-raman` finds `user:default/priya-raman`. */
function byRef(
  entries: Readonly<Record<string, string>> | undefined,
  kind: 'user' | 'group',
): Map<string, string> {
  const map = new Map<string, string>();
  for (const [key, value] of Object.entries(entries ?? {})) {
    map.set(normalizeRef(key, { kind }) ?? key, value);
  }
  return map;
}

function resolver(mapping: ProviderMapping) {
  const users = byRef(mapping.users, 'user');
  const groups = byRef(mapping.groups, 'group');
  return (
    target: EscalationTarget,
  ): { kind: EscalationTarget['type']; value?: string; label: string } => {
    switch (target.type) {
      case 'rotation':
        return {
          kind: 'rotation',
          value: mapping.schedules[target.name],
          label: `rotation ${target.name}`,
        };
      case 'user':
        return {
          kind: 'user',
          value: users.get(target.ref),
          label: `user ${target.ref}`,
        };
      default:
        return {
          kind: 'group',
          value: groups.get(target.ref),
          label: `group ${target.ref}`,
        };
    }
  };
}

/**
 * Steps that keep at least one mapped target, each with its resolved
 * targets; everything unmapped becomes a warning.
 */
function mapSteps<T>(
  policy: EscalationPolicy,
  mapping: ProviderMapping,
  toTarget: (kind: EscalationTarget['type'], value: string) => T,
  warnings: string[],
): Array<{ step: EscalationStep; index: number; targets: T[] }> {
  const resolve = resolver(mapping);
  return policy.steps.flatMap((step, index) => {
    const targets = step.targets.flatMap(target => {
      const { kind, value, label } = resolve(target);
      if (value === undefined) {
        warnings.push(
          `steps[${index}]: ${label} has no id in the mapping and is left out`,
        );
        return [];
      }
      return [toTarget(kind, value)];
    });
    if (targets.length === 0) {
      warnings.push(
        `steps[${index}]: no target could be mapped, so the step is left out`,
      );
      return [];
    }
    return [{ step, index, targets }];
  });
}

/**
 * A Group's escalation policy as a PagerDuty escalation policy. PagerDuty
 * pages the first rule at once and gives each rule a delay before the
 * *next* one, where Steward gives each step the minutes since the alert:
 * so a rule's delay is the gap to the next step's `afterMinutes`, and the
 * last rule's is `repeatAfterMinutes` (how long before PagerDuty loops).
 * Rotations and groups become schedule references (a group maps to the
 * schedule of that team's on-call), users user references.
 *
 * @public
 */
export function toPagerDutyEscalationPolicy(options: {
  policy: EscalationPolicy;
  /** PagerDuty ids: schedules by rotation name, users and groups by ref. */
  ids: ProviderMapping;
  description?: string;
}): ProviderPayload<PagerDutyEscalationPolicyBody> {
  const { policy } = options;
  const warnings: string[] = [];
  const rules = mapSteps(
    policy,
    options.ids,
    (kind, id) => ({
      id,
      type:
        kind === 'user'
          ? ('user_reference' as const)
          : ('schedule_reference' as const),
    }),
    warnings,
  );
  if (rules.length > 0 && rules[0].step.afterMinutes > 0) {
    warnings.push(
      `steps[${rules[0].index}]: PagerDuty pages the first rule as soon as the incident opens, not after ${rules[0].step.afterMinutes} minutes`,
    );
  }
  const lastDelay = policy.repeatAfterMinutes ?? DEFAULT_REPEAT_AFTER_MINUTES;
  return {
    body: {
      escalation_policy: {
        type: 'escalation_policy',
        name: policy.name,
        ...(options.description !== undefined && {
          description: options.description,
        }),
        escalation_rules: rules.map(({ step, targets }, i) => ({
          escalation_delay_in_minutes:
            i + 1 < rules.length
              ? rules[i + 1].step.afterMinutes - step.afterMinutes
              : lastDelay,
          targets,
        })),
        num_loops: policy.repeat ?? 0,
      },
    },
    warnings,
  };
}

/**
 * A Group's escalation policy as an Opsgenie escalation. Opsgenie counts
 * each rule's delay from the alert's creation, as Steward does, and gives a
 * rule one recipient, so a step with three targets becomes three rules with
 * the same delay. Rotations become schedules (by name), users users (by
 * username), groups teams (by name).
 *
 * @public
 */
export function toOpsgenieEscalation(options: {
  policy: EscalationPolicy;
  /** The Opsgenie team that owns the escalation. */
  ownerTeam: string;
  /** Opsgenie names: schedules by rotation name, usernames by user ref, teams by group ref. */
  names: ProviderMapping;
  description?: string;
}): ProviderPayload<OpsgenieEscalationBody> {
  const { policy } = options;
  const warnings: string[] = [];
  const steps = mapSteps(
    policy,
    options.names,
    (kind, name): OpsgenieEscalationBody['rules'][number]['recipient'] => {
      switch (kind) {
        case 'rotation':
          return { type: 'schedule', name };
        case 'user':
          return { type: 'user', username: name };
        default:
          return { type: 'team', name };
      }
    },
    warnings,
  );
  const repeat = policy.repeat ?? 0;
  return {
    body: {
      name: policy.name,
      ...(options.description !== undefined && {
        description: options.description,
      }),
      ownerTeam: { name: options.ownerTeam },
      rules: steps.flatMap(({ step, targets }) =>
        targets.map(recipient => ({
          condition: 'if-not-acked' as const,
          notifyType: 'default' as const,
          delay: {
            timeAmount: step.afterMinutes,
            timeUnit: 'minutes' as const,
          },
          recipient,
        })),
      ),
      ...(repeat > 0 && {
        repeat: {
          waitInterval:
            policy.repeatAfterMinutes ?? DEFAULT_REPEAT_AFTER_MINUTES,
          count: repeat,
          resetRecipientStates: false,
          closeAlertAfterAll: false,
        },
      }),
    },
    warnings,
  };
}
