import { Entity } from '@backstage/catalog-model';
import { z } from 'zod';
import {
  ValidationResult,
  addIssue,
  formatPath,
  parseWithIssues,
} from '@steward/plugin-slo-common';
import { normalizeRef } from '../shared/refs';
import { parseIsoDate } from '../shared/time';
import { isTimeZone } from './zonedTime';

/** @public */
export const WEEKDAYS = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;

/** @public */
export type Weekday = (typeof WEEKDAYS)[number];

/** Shift lengths in local calendar days. @public */
export const ROTATION_LENGTH_DAYS = { '1d': 1, '1w': 7, '2w': 14 } as const;

/** @public */
export type RotationLength = keyof typeof ROTATION_LENGTH_DAYS;

/**
 * How long after the last step an escalation policy with `repeat` starts
 * over when the policy does not say: PagerDuty's default escalation delay.
 *
 * @public
 */
export const DEFAULT_REPEAT_AFTER_MINUTES = 30;

const nonEmpty = z.string().trim().min(1, 'must not be empty');

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

const rotationSchema = z
  .object({
    name: nonEmpty,
    timeZone: z
      .string()
      .refine(isTimeZone, 'must be an IANA time zone, like Europe/London'),
    start: z
      .string()
      .refine(
        value => parseIsoDate(value) !== undefined,
        'must be a date written YYYY-MM-DD',
      ),
    handoff: z
      .object({
        weekday: z.enum(WEEKDAYS).optional(),
        time: z
          .string()
          .regex(HH_MM, 'must be a 24-hour time written HH:MM, like 09:00'),
      })
      .strict(),
    length: z.enum(['1d', '1w', '2w']),
    members: z.array(nonEmpty).min(1, 'must name at least one user'),
  })
  .strict()
  .superRefine((rotation, ctx) => {
    if (rotation.length === '1d' && rotation.handoff.weekday !== undefined) {
      addIssue(
        ctx,
        ['handoff', 'weekday'],
        'must not be set for a daily rotation: it hands off every day',
      );
    }
  });

const targetSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('rotation'), name: nonEmpty }).strict(),
  z.object({ type: z.literal('user'), ref: nonEmpty }).strict(),
  z.object({ type: z.literal('group'), ref: nonEmpty }).strict(),
]);

const stepSchema = z
  .object({
    afterMinutes: z
      .number()
      .int('must be a whole number of minutes')
      .min(0, 'must be 0 or more'),
    targets: z.array(targetSchema).min(1, 'must name at least one target'),
  })
  .strict();

const escalationPolicySchema = z
  .object({
    name: nonEmpty,
    steps: z.array(stepSchema).min(1, 'must have at least one step'),
    repeat: z
      .number()
      .int('must be a whole number')
      .min(0, 'must be 0 or more')
      .optional(),
    repeatAfterMinutes: z
      .number()
      .int('must be a whole number of minutes')
      .min(1, 'must be at least 1')
      .optional(),
  })
  .strict();

const onCallSchema = z
  .object({
    rotations: z.array(rotationSchema),
    escalationPolicy: escalationPolicySchema,
  })
  .strict();

/** @public */
export type Rotation = z.infer<typeof rotationSchema>;
/** @public */
export type EscalationTarget = z.infer<typeof targetSchema>;
/** @public */
export type EscalationStep = z.infer<typeof stepSchema>;
/** @public */
export type EscalationPolicy = z.infer<typeof escalationPolicySchema>;
/**
 * A Group's `spec.oncall`, validated, with every user and group ref written
 * in full (`user:default/priya-raman`).
 *
 * @public
 */
export type OnCallSpec = z.infer<typeof onCallSchema>;

/** @public */
export type OnCallValidationOptions = {
  /** The Group's namespace, for refs written without one; default `default`. */
  namespace?: string;
  /** Full refs of the Users that exist; when given, members and targets must be among them. */
  userRefs?: ReadonlySet<string>;
  /** Full refs of the Groups that exist; when given, group targets must be among them. */
  groupRefs?: ReadonlySet<string>;
};

/**
 * The checks that need more than one field, or the catalog: unique rotation
 * names, refs that parse and exist, steps in time order. Refs are rewritten
 * in full so that everything downstream compares them with `===`.
 */
function crossCheck(options: OnCallValidationOptions) {
  return (spec: OnCallSpec, ctx: z.RefinementCtx) => {
    const ref = (
      value: string,
      kind: 'user' | 'group',
      known: ReadonlySet<string> | undefined,
      path: Array<string | number>,
    ): string => {
      const full = normalizeRef(value, {
        kind,
        defaultNamespace: options.namespace,
      });
      if (full === undefined) {
        addIssue(
          ctx,
          path,
          `must be a ${kind} name or ref, like ${
            kind === 'user' ? 'priya-raman or user:default/priya-raman' : 'sre'
          }`,
        );
        return value;
      }
      if (known && !known.has(full)) {
        addIssue(ctx, path, `must be a ${kind} in the catalog: ${full} is not`);
      }
      return full;
    };

    const names = new Map<string, number>();
    spec.rotations.forEach((rotation, i) => {
      const first = names.get(rotation.name);
      if (first !== undefined) {
        addIssue(
          ctx,
          ['rotations', i, 'name'],
          `must be unique: ${formatPath(['rotations', first])} is also named ${
            rotation.name
          }`,
        );
      } else {
        names.set(rotation.name, i);
      }
      rotation.members = rotation.members.map((member, j) =>
        ref(member, 'user', options.userRefs, ['rotations', i, 'members', j]),
      );
    });

    const steps = spec.escalationPolicy.steps;
    steps.forEach((step, i) => {
      const path = ['escalationPolicy', 'steps', i];
      if (i > 0 && step.afterMinutes <= steps[i - 1].afterMinutes) {
        addIssue(
          ctx,
          [...path, 'afterMinutes'],
          `must be greater than the previous step's (${
            steps[i - 1].afterMinutes
          }): steps run in time order`,
        );
      }
      step.targets = step.targets.map((target, j) => {
        const targetPath = [...path, 'targets', j];
        switch (target.type) {
          case 'rotation':
            if (!names.has(target.name)) {
              addIssue(
                ctx,
                [...targetPath, 'name'],
                `must name a rotation of this group: there is no rotation named ${target.name}`,
              );
            }
            return target;
          case 'user':
            return {
              ...target,
              ref: ref(target.ref, 'user', options.userRefs, [
                ...targetPath,
                'ref',
              ]),
            };
          default:
            return {
              ...target,
              ref: ref(target.ref, 'group', options.groupRefs, [
                ...targetPath,
                'ref',
              ]),
            };
        }
      });
    });
  };
}

/**
 * Validates the on-call extension of a Group (the value of its
 * `spec.oncall`): time zones that exist, valid handoff times and start
 * dates, rotations with members, escalation steps in time order whose
 * targets exist. Issue paths are relative to the value given
 * (`rotations[0].timeZone`).
 *
 * @public
 */
export function validateOnCallSpec(
  spec: unknown,
  options: OnCallValidationOptions = {},
): ValidationResult<OnCallSpec> {
  return parseWithIssues(onCallSchema.superRefine(crossCheck(options)), spec);
}

/**
 * Validates a Group entity's `spec.oncall`, with issue paths from the
 * entity's root (`spec.oncall.rotations[0].timeZone`). A Group without the
 * extension is valid, with no value.
 *
 * @public
 */
export function validateGroupOnCall(
  group: Entity,
  options: Omit<OnCallValidationOptions, 'namespace'> = {},
): ValidationResult<OnCallSpec | undefined> {
  const oncall = group.spec?.oncall;
  if (oncall === undefined) {
    return { ok: true, value: undefined };
  }
  return parseWithIssues(
    onCallSchema.superRefine(
      crossCheck({ ...options, namespace: group.metadata.namespace }),
    ),
    oncall,
    ['spec', 'oncall'],
  );
}
