import { z } from 'zod';

/**
 * One problem found in a document Steward validates (an OpenSLO file, a
 * Group's `spec.oncall`, a postmortem, a config section): where
 * (`spec.objectives[0].target`) and the rule the value breaks ("must be a
 * number greater than 0 and less than 1"), phrased so that
 * `${path} ${message}` reads as a sentence.
 *
 * @public
 */
export type ValidationIssue = { path: string; message: string };

/**
 * What a validator returns: the parsed value, or every issue at once so that
 * an author fixes a file in one round trip.
 *
 * @public
 */
export type ValidationResult<T> =
  | { ok: true; value: T }
  | { ok: false; issues: ValidationIssue[] };

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
};

/**
 * zod's own messages ("Expected number, received string") describe the
 * parser, not the rule. Passed to every parse, this map restates the issue
 * kinds whose rule is obvious from the schema in the authors' terms; every
 * other check carries its own message, which zod uses without asking a map.
 *
 * @public
 */
export const validationErrorMap: z.ZodErrorMap = (issue, ctx) => {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      // A YAML key with no value parses as null: the author left it out.
      if (issue.received === 'undefined' || issue.received === 'null') {
        return { message: 'is required' };
      }
      // An enum given a value of another type expects "'a' | 'b'".
      if (issue.expected.startsWith("'")) {
        const options = issue.expected.split(' | ').map(o => o.slice(1, -1));
        return { message: `must be one of ${options.join(', ')}` };
      }
      return {
        message: `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`,
      };
    case z.ZodIssueCode.invalid_enum_value:
    case z.ZodIssueCode.invalid_union_discriminator:
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
 *
 * @public
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

/**
 * zod issues as validation issues, one per unknown key; paths are prefixed
 * with `root` so that issues name the field as the author wrote it
 * (`spec.oncall.rotations[0]...`).
 *
 * @public
 */
export function toValidationIssues(
  issues: ReadonlyArray<z.ZodIssue>,
  root: ReadonlyArray<string | number> = [],
): ValidationIssue[] {
  return issues.flatMap(issue =>
    issue.code === z.ZodIssueCode.unrecognized_keys
      ? issue.keys.map(key => ({
          path: formatPath([...root, ...issue.path, key]),
          message: 'is not a known field',
        }))
      : [
          {
            path: formatPath([...root, ...issue.path]),
            message: issue.message,
          },
        ],
  );
}

/**
 * Parses with `validationErrorMap`, reporting every issue under `root`.
 *
 * @public
 */
export function parseWithIssues<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  value: unknown,
  root: ReadonlyArray<string | number> = [],
): ValidationResult<T> {
  const result = schema.safeParse(value, { errorMap: validationErrorMap });
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, issues: toValidationIssues(result.error.issues, root) };
}

/**
 * Adds an issue with our message at `path` relative to the refined value.
 *
 * @public
 */
export function addIssue(
  ctx: z.RefinementCtx,
  path: Array<string | number>,
  message: string,
): void {
  ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });
}
