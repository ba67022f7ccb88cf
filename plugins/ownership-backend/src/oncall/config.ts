import { ValidationResult, parseWithIssues } from '@steward/plugin-slo-common';
import { z } from 'zod';

const url = z
  .string()
  .regex(/^https?:\/\/[^\s]+$/, 'must be an http(s) URL')
  .transform(value => value.replace(/\/+$/, ''));

const sourceSchema = z.discriminatedUnion('provider', [
  z.object({ provider: z.literal('builtin') }).strict(),
  z
    .object({
      provider: z.literal('pagerduty'),
      scheduleIds: z.array(z.string().min(1)).min(1, 'must name a schedule'),
      escalationPolicyId: z.string().min(1).optional(),
    })
    .strict(),
  z
    .object({
      provider: z.literal('opsgenie'),
      scheduleIds: z.array(z.string().min(1)).min(1, 'must name a schedule'),
      escalationId: z.string().min(1).optional(),
    })
    .strict(),
]);

const onCallConfigSchema = z
  .object({
    pagerduty: z
      .object({
        baseUrl: url.default('https://api.pagerduty.com'),
        token: z.string().min(1),
      })
      .strict()
      .optional(),
    opsgenie: z
      .object({
        baseUrl: url.default('https://api.opsgenie.com'),
        apiKey: z.string().min(1),
      })
      .strict()
      .optional(),
    /** Group ref → where its on-call lives; overrides the Group's annotations. */
    groups: z.record(z.string().min(1), sourceSchema).default({}),
    timeoutSeconds: z.number().min(1).max(120).default(10),
    maxServicesPerPerson: z.number().int().min(1).max(1000).default(8),
  })
  .strict();

/**
 * Where a Group's on-call lives: its own `spec.oncall`, PagerDuty schedules
 * (and escalation policy) or Opsgenie schedules (and escalation).
 */
export type OnCallSource = z.infer<typeof sourceSchema>;

export type OnCallConfig = z.infer<typeof onCallConfigSchema>;

export function parseOnCallConfig(
  value: unknown,
): ValidationResult<OnCallConfig> {
  return parseWithIssues(onCallConfigSchema, value ?? {}, [
    'ownership',
    'oncall',
  ]);
}
