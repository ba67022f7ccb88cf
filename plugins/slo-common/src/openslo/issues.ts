import { z } from 'zod';

/**
 * One problem found in an OpenSLO document: where (`spec.objectives[0].target`)
 * and the rule the value breaks ("must be a number greater than 0 and less
 * than 1"), phrased so that `${path} ${message}` reads as a sentence.
 *
 * @public
 */
export type OpenSloIssue = { path: string; message: string };

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
};

/**
 * zod's own messages ("Expected number, received string") describe the
 * parser, not the rule. Passed to every parse, this map replaces them for the
 * issue kinds whose rule is obvious from the schema; every other check in
 * these schemas carries its own message, which zod uses without asking a map.
 */
export const openSloErrorMap: z.ZodErrorMap = (issue, ctx) => {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      // A YAML key with no value parses as null: the author left it out.
      if (issue.received === 'undefined' || issue.received === 'null') {
        return { message: 'is required' };
      }
      return {
        message: `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`,
      };
    case z.ZodIssueCode.invalid_enum_value:
      return { message: `must be one of ${issue.options.join(', ')}` };
    case z.ZodIssueCode.invalid_literal:
      return { message: `must be ${String(issue.expected)}` };
    default:
      return { message: ctx.defaultError };
  }
};

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * `['spec', 'objectives', 0, 'target']` → `spec.objectives[0].target`; keys
 * that are not identifiers, like annotation names, go in brackets.
 */
export function formatPath(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') {
      out += `[${key}]`;
    } else if (!IDENTIFIER.test(key)) {
      out += `[${JSON.stringify(key)}]`;
    } else {
      out += out ? `.${key}` : key;
    }
  }
  return out;
}

/** zod issues as OpenSLO issues, one per unknown key. */
export function toOpenSloIssues(issues: z.ZodIssue[]): OpenSloIssue[] {
  return issues.flatMap(issue =>
    issue.code === z.ZodIssueCode.unrecognized_keys
      ? issue.keys.map(key => ({
          path: formatPath([...issue.path, key]),
          message: 'is not a known field',
        }))
      : [{ path: formatPath(issue.path), message: issue.message }],
  );
}

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
  const result = schema.safeParse(value, { errorMap: openSloErrorMap });
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

/** Adds an issue with our message at `path` relative to the refined value. */
export function addIssue(
  ctx: z.RefinementCtx,
  path: Array<string | number>,
  message: string,
): void {
  ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });
}
