import { Knex } from 'knex';

/** Deletes org snapshots older than the history kept; returns how many rows went. */
export async function deleteOrgSnapshotsBefore(options: {
  knex: Knex;
  beforeMs: number;
}): Promise<number> {
  let deleted = 0;
  for (const table of [
    'ownership_org_snapshot_components',
    'ownership_org_snapshot_groups',
  ]) {
    deleted += await options
      .knex(table)
      .where('taken_at', '<', options.beforeMs)
      .delete();
  }
  return deleted;
}
