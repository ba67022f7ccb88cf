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
