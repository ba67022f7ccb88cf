import { SloEvaluation } from '@steward/plugin-slo-common';
import { Knex } from 'knex';
import { SloDefinition } from '../../catalog/loadSloDefinitions';
import { SloStatusRow } from '../tables';

const ROWS_PER_INSERT = 200;

/**
 * Replaces the stored statuses with this evaluation's: upserts every SLO
 * evaluated and deletes the statuses of SLOs no longer in the catalog.
 */
export async function saveStatuses(
  knex: Knex,
  options: {
    results: Array<{ definition: SloDefinition; evaluation: SloEvaluation }>;
  },
): Promise<void> {
  const rows: SloStatusRow[] = options.results.map(
    ({ definition, evaluation }) => ({
      slo_ref: definition.sloRef,
      entity_ref: definition.entityRef,
      owner_ref: definition.ownerRef ?? null,
      display_name: definition.displayName,
      evaluated_at: evaluation.evaluatedAt,
      state: evaluation.state,
      gate: evaluation.gate,
      consumed: evaluation.budget.consumedFraction ?? null,
      firing_alert: evaluation.firing?.name ?? null,
      evaluation: JSON.stringify(evaluation),
      definition: JSON.stringify({
        serviceName: definition.serviceName,
        indicator: definition.indicator,
        budgetingMethod: definition.slo.spec.budgetingMethod,
        timeWindow: definition.slo.spec.timeWindow,
        objectives: definition.slo.spec.objectives,
        description: definition.slo.spec.description,
        problems: definition.problems,
      }),
    }),
  );
  await knex.transaction(async tx => {
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      await tx('slo_status')
        .insert(rows.slice(i, i + ROWS_PER_INSERT))
        .onConflict('slo_ref')
        .merge();
    }
    const current = new Set(rows.map(r => r.slo_ref));
    const stored: Array<{ slo_ref: string }> = await tx('slo_status').select(
      'slo_ref',
    );
    const gone = stored.map(r => r.slo_ref).filter(ref => !current.has(ref));
    for (let i = 0; i < gone.length; i += ROWS_PER_INSERT) {
      await tx('slo_status')
        .whereIn('slo_ref', gone.slice(i, i + ROWS_PER_INSERT))
        .delete();
    }
  });
}
