import { SloEvaluation } from '@steward/plugin-slo-common';
import { Knex } from 'knex';
import { SloStatusRow } from '../tables';

/** Stored statuses, optionally only of some Components or owners. */
export async function readStatuses(
  knex: Knex,
  options: {
    entityRefs?: string[];
    ownerRefs?: string[];
    sloRefs?: string[];
  } = {},
): Promise<SloStatusRow[]> {
  const query = knex<SloStatusRow>('slo_status').orderBy('slo_ref');
  if (options.entityRefs) query.whereIn('entity_ref', options.entityRefs);
  if (options.ownerRefs) query.whereIn('owner_ref', options.ownerRefs);
  if (options.sloRefs) query.whereIn('slo_ref', options.sloRefs);
  return query.select();
}

/**
 * The alerts that were firing at the last evaluation, by SLO. Only statuses
 * with a firing alert (`firing_alert`, the most severe) are read and parsed.
 */
export async function readFiringAlerts(
  knex: Knex,
): Promise<Map<string, Set<string>>> {
  const rows: Array<Pick<SloStatusRow, 'slo_ref' | 'evaluation'>> =
    await knex<SloStatusRow>('slo_status')
      .whereNotNull('firing_alert')
      .select('slo_ref', 'evaluation');
  return new Map(
    rows.map(r => [
      r.slo_ref,
      new Set(
        (JSON.parse(r.evaluation) as SloEvaluation).alerts
          .filter(a => a.firing)
          .map(a => a.name),
      ),
    ]),
  );
}
