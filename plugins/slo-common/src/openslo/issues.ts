import { z } from 'zod';
import { ValidationIssue, validationErrorMap } from '../validation/issues';

/**
 * One problem found in an OpenSLO document: where (`spec.objectives[0].target`)
 * and the rule the value breaks.
 *
 * @public
 */
export type OpenSloIssue = ValidationIssue;

/**
 * Parses `value` with `schema` inside a refinement or transform of an outer
 * schema, reporting the inner issues under `path` relative to the outer
 * value. Needed where the schema to apply depends on the value itself.
 */
export function parseNested<T>(
  ctx: z.RefinementCtx,
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  value: unknown,
  path: Array<string | number> = [],
): { success: true; data: T } | { success: false } {
  const result = schema.safeParse(value, { errorMap: validationErrorMap });
  if (result.success) {
    return { success: true, data: result.data };
  }
  for (const issue of result.error.issues) {
    ctx.addIssue({ ...issue, path: [...path, ...issue.path] });
  }
  return { success: false };
}

/**
 * A schema that picks the schema to apply by looking at the value, for
 * OpenSLO's "a reference or an inline object" fields. A zod union would
 * report every alternative's failures at once, which reads as noise.
 */
export function pickSchema<T>(
  pick: (value: unknown) => z.ZodType<T, z.ZodTypeDef, unknown>,
): z.ZodType<T, z.ZodTypeDef, unknown> {
  return z.unknown().transform((value, ctx) => {
    const result = parseNested(ctx, pick(value), value);
    return result.success ? result.data : z.NEVER;
  });
}
