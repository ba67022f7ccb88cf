import { z } from 'zod';
import {
  ValidationResult,
  addIssue,
  parseWithIssues,
} from '@steward/plugin-slo-common';
import { normalizeRef } from '../shared/refs';
import { parseIsoDate, parseIsoDateTime } from '../shared/time';

/**
 * How bad it was for users:
 * - `no-visible-impact`: users saw nothing, or a workaround existed;
 * - `features-broken`: some features broken, with no workaround;
 * - `unavailable-or-data-lost`: the service was unavailable, or data was lost.
 *
 * @public
 */
export const POSTMORTEM_SEVERITIES = [
  'no-visible-impact',
  'features-broken',
  'unavailable-or-data-lost',
] as const;

/** @public */
export type PostmortemSeverity = (typeof POSTMORTEM_SEVERITIES)[number];

const nonEmpty = z.string().trim().min(1, 'must not be empty');

const dateTime = z
  .string()
  .refine(
    value => parseIsoDateTime(value) !== undefined,
    'must be an ISO 8601 date-time with an offset, like 2026-03-25T14:05:00Z',
  );

const date = z
  .string()
  .refine(
    value => parseIsoDate(value) !== undefined,
    'must be a date written YYYY-MM-DD',
  );

const url = z.string().refine(value => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}, 'must be an http(s) URL');

/** A ref of the given kind, rewritten in full; bad refs are issues. */
function ref(kind: string, example: string) {
  return z.string().transform((value, ctx) => {
    const full = normalizeRef(value.trim(), { kind });
    if (full === undefined) {
      addIssue(ctx, [], `must be a ${kind} name or ref, like ${example}`);
      return z.NEVER;
    }
    return full;
  });
}

const CAUSE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const postmortemSchema = z
  .object({
    title: nonEmpty,
    firstSymptom: z
      .object({ description: nonEmpty, links: z.array(url) })
      .strict(),
    severity: z.enum(POSTMORTEM_SEVERITIES),
    usersImpacted: z.enum(['none', 'few', 'many']),
    timeline: z
      .array(z.object({ at: dateTime, event: nonEmpty }).strict())
      .min(1, 'must have at least one entry'),
    contributingServices: z
      .array(ref('component', 'checkout or component:default/checkout'))
      .min(1, 'must name at least one service'),
    /**
     * What caused it, as short kebab-case tags (`expired-certificate`,
     * `bad-config-push`): repeats are found by shared tags, which free text
     * could not be compared by.
     */
    causes: z
      .array(
        z
          .string()
          .regex(
            CAUSE,
            'must be a lowercase tag with hyphens, like expired-certificate',
          ),
      )
      .default([]),
    actionItems: z.array(
      z
        .object({
          description: nonEmpty,
          owner: ref('user', 'priya-raman or user:default/priya-raman'),
          due: date,
          status: z.enum(['open', 'in-progress', 'done']),
        })
        .strict(),
    ),
    sloRefs: z.array(ref('slo', 'checkout-availability')),
    /** The fraction of the SLO's error budget the incident used (1 = all of it). */
    budgetConsumed: z.number().min(0, 'must be 0 or more').optional(),
    alertIds: z.array(nonEmpty).optional(),
    detectedAt: dateTime.optional(),
    acknowledgedAt: dateTime.optional(),
    resolvedAt: dateTime.optional(),
  })
  .strict()
  .superRefine((doc, ctx) => {
    // Fields that failed their own check have no time; they are reported.
    const ms = (value: string | undefined) =>
      value === undefined ? undefined : parseIsoDateTime(value);
    const before = (a: number | undefined, b: number | undefined) =>
      a !== undefined && b !== undefined && a < b;

    doc.timeline.forEach((entry, i) => {
      const previous = doc.timeline[i - 1];
      if (previous && before(ms(entry.at), ms(previous.at))) {
        addIssue(
          ctx,
          ['timeline', i, 'at'],
          `must not be earlier than timeline[${i - 1}].at (${
            previous.at
          }): the timeline is in time order`,
        );
      }
    });
    // Detection, acknowledgement and resolution happen in that order.
    const order = ['detectedAt', 'acknowledgedAt', 'resolvedAt'] as const;
    order.forEach((later, i) => {
      const earlier = order
        .slice(0, i)
        .find(field => before(ms(doc[later]), ms(doc[field])));
      if (earlier) {
        addIssue(ctx, [later], `must not be earlier than ${earlier}`);
      }
    });
  });

/**
 * A postmortem document, validated, with every ref written in full.
 *
 * @public
 */
export type Postmortem = z.infer<typeof postmortemSchema>;

/**
 * Validates a postmortem document: required sections, a timeline in time
 * order, refs that parse, ISO dates, and detection before acknowledgement
 * before resolution. Every issue comes with its path and rule.
 *
 * @public
 */
export function validatePostmortem(doc: unknown): ValidationResult<Postmortem> {
  return parseWithIssues(postmortemSchema, doc);
}
