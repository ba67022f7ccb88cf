import { InputError } from '@backstage/errors';
import { SloEvaluation, SloSummary } from '@steward/plugin-slo-common';
import { z } from 'zod';
import { SloStatusRow } from '../database/tables';
import { nulCharacterPath } from '@steward/http-input';

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
