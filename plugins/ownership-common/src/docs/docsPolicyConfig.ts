import { z } from 'zod';
import { ValidationResult, parseWithIssues } from '@steward/plugin-slo-common';
import {
  DEFAULT_MAX_REVIEW_AGE_DAYS,
  DEFAULT_REQUIRED_LINKS,
  DocsPolicy,
} from './auditDocs';

const docsPolicyConfigSchema = z
  .object({
    requiredLinks: z
      .array(z.string().trim().min(1, 'must not be empty'))
      .default([...DEFAULT_REQUIRED_LINKS]),
    maxReviewAgeDays: z
      .number()
      .int('must be a whole number of days')
      .min(1, 'must be at least 1')
      .max(3650, 'must be at most 3650')
      .default(DEFAULT_MAX_REVIEW_AGE_DAYS),
  })
  .passthrough();

/**
 * The docs policy an operator configures (`ownership.docs` in
 * app-config.yaml), with its defaults filled in.
 *
 * @public
 */
export type DocsPolicyConfig = Required<Omit<DocsPolicy, 'groupRefs'>> & {
  requiredLinks: string[];
};

/**
 * Reads the docs policy from the `ownership.docs` config value. The ownership
 * backend and the catalog module both read it with this function, so the API
 * and the catalog warnings audit against the same policy. Other keys under
 * `ownership.docs` belong to the backend and are ignored here.
 *
 * @public
 */
export function parseDocsPolicyConfig(
  value: unknown,
): ValidationResult<DocsPolicyConfig> {
  const result = parseWithIssues(docsPolicyConfigSchema, value ?? {}, [
    'ownership',
    'docs',
  ]);
  if (!result.ok) return result;
  return {
    ok: true,
    value: {
      requiredLinks: result.value.requiredLinks,
      maxReviewAgeDays: result.value.maxReviewAgeDays,
    },
  };
}
