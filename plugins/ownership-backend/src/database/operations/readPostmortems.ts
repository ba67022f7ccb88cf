import { PostmortemRecord } from '@steward/plugin-ownership-common';
import { Knex } from 'knex';
import { PostmortemRow } from '../tables';

/** A postmortem as the API serves it. */
export type StoredPostmortem = PostmortemRecord;

function toPostmortem(row: PostmortemRow): StoredPostmortem {
  return {
    id: Number(row.id),
    ownerRef: row.owner_ref,
    document: JSON.parse(row.document),
    slos: row.slo_context ? JSON.parse(row.slo_context) : [],
    decisionId: row.decision_id ?? undefined,
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    updatedBy: row.updated_by,
    updatedAt: Number(row.updated_at),
  };
}

/** Postmortems, newest incident first. */
export async function readPostmortems(
  knex: Knex,
  options: { ids?: number[]; ownerRef?: string; limit?: number },
): Promise<StoredPostmortem[]> {
  const q = knex<PostmortemRow>('ownership_postmortems')
    .orderBy('detected_at', 'desc')
    .orderBy('id', 'desc');
  if (options.ids) q.whereIn('id', options.ids);
  if (options.ownerRef) q.where('owner_ref', options.ownerRef);
  if (options.limit !== undefined) q.limit(options.limit);
  return (await q.select()).map(toPostmortem);
}
