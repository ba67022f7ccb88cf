import { Knex } from 'knex';
import { SloAlertEventRow } from '../tables';

export async function insertAlertEvents(
  knex: Knex,
  events: SloAlertEventRow[],
): Promise<void> {
  for (let i = 0; i < events.length; i += 200) {
    await knex('slo_alert_events').insert(events.slice(i, i + 200));
  }
}

/** Alert events, newest first. */
export async function readAlertEvents(
  knex: Knex,
  options: {
    entityRefs?: string[];
    sloRef?: string;
    sinceMs?: number;
    limit: number;
  },
): Promise<SloAlertEventRow[]> {
  const query = knex<SloAlertEventRow>('slo_alert_events')
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit);
  if (options.entityRefs) query.whereIn('entity_ref', options.entityRefs);
  if (options.sloRef) query.where('slo_ref', options.sloRef);
  if (options.sinceMs !== undefined) query.where('at', '>=', options.sinceMs);
  return query.select();
}
