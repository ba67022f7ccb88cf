import { incidentTimes, Postmortem } from '@steward/plugin-ownership-common';
import { Knex } from 'knex';
import { PostmortemSloContext } from '../../postmortems/sloContextOf';
import { PostmortemRow } from '../tables';

/**
 * Inserts a postmortem (no `id`) or replaces the document of one; returns
 * its id, or undefined when the one to replace does not exist.
 */
export async function writePostmortem(
  knex: Knex,
  options: {
    id?: number;
    ownerRef: string;
    document: Postmortem;
    slos: PostmortemSloContext[];
    decisionId?: number;
    by: string;
    atMs: number;
  },
): Promise<number | undefined> {
  const fields = {
    owner_ref: options.ownerRef,
    title: options.document.title,
    detected_at: incidentTimes(options.document)?.at ?? null,
    document: JSON.stringify(options.document),
    slo_context: JSON.stringify(options.slos),
    updated_by: options.by,
    updated_at: options.atMs,
  };
  if (options.id !== undefined) {
    const changed = await knex('ownership_postmortems')
      .where({ id: options.id })
      .update(fields);
    return changed > 0 ? options.id : undefined;
  }
  const row: PostmortemRow = {
    ...fields,
    decision_id: options.decisionId ?? null,
    created_by: options.by,
    created_at: options.atMs,
  };
  const [inserted] = await knex('ownership_postmortems').insert(row, ['id']);
  return Number(typeof inserted === 'object' ? inserted.id : inserted);
}
