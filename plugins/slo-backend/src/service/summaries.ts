import { InputError } from '@backstage/errors';
import { SloEvaluation, SloSummary } from '@steward/plugin-slo-common';
import { z } from 'zod';
import { SloStatusRow } from '../database/tables';

export function toSummary(
  row: SloStatusRow,
): SloSummary & { evaluation: SloEvaluation } {
  const evaluation = JSON.parse(row.evaluation) as SloEvaluation;
  return {
    sloRef: row.slo_ref,
    title: row.display_name,
    entityRef: row.entity_ref,
    ownerRef: row.owner_ref ?? undefined,
    objective: evaluation.objective,
    state: evaluation.state,
    sliRatio: evaluation.sli.ratio,
    budgetRemaining: evaluation.budget.remainingFraction,
    gate: evaluation.gate,
    firing: evaluation.firing,
    evaluatedAt: evaluation.evaluatedAt,
    evaluation,
  };
}

/** Parses a request's query or body, answering 400 with the field and the rule. */
export function parseRequest<T extends z.ZodTypeAny>(
  schema: T,
  input: unknown,
  what: 'query' | 'body' = 'query',
): z.output<T> {
  const nul = nulCharacterPath(input);
  if (nul !== undefined) {
    throw new InputError(
      `Invalid ${what}: ${nul || what}: must not contain NUL characters`,
    );
  }
  const result = schema.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues
      .map(i => `${i.path.join('.') || what}: ${i.message}`)
      .join('; ');
    throw new InputError(`Invalid ${what}: ${issues}`);
  }
  return result.data;
}

/** A full entity ref: `kind:namespace/name`, lower case as the catalog stores it. */
export const entityRef = z
  .string()
  .regex(
    /^[a-z0-9-]+:[a-z0-9-_.]+\/[a-z0-9-_.]+$/i,
    'must be a full entity ref like component:default/checkout',
  )
  .transform(ref => ref.toLocaleLowerCase('en-US'));

/**
 * A number in the query string. \`z.coerce\` would call \`Number()\` on any
 * value, and a query such as \`limit[toString]=x\` makes an object whose
 * conversion throws (a 500); lists and objects are refused by name instead.
 */
export function queryNumber<T extends z.ZodTypeAny>(schema: T) {
  return z.preprocess(
    value =>
      typeof value === 'string' && value.trim() !== '' ? Number(value) : value,
    schema,
  );
}

/**
 * The path of the first string holding a NUL character, if any: PostgreSQL
 * text cannot store one, and the driver's error would be a 500. Iterative,
 * as a JSON body may nest deeper than the stack.
 */
function nulCharacterPath(value: unknown): string | undefined {
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length > 0) {
    const [item, path] = stack.pop()!;
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return path;
    } else if (item && typeof item === 'object') {
      for (const [key, child] of Object.entries(item)) {
        stack.push([child, path ? `${path}.${key}` : key]);
      }
    }
  }
  return undefined;
}
