import { Knex } from 'knex';

/** Deletes audits older than the history kept; returns how many went. */
export async function deleteDocsAuditsBefore(options: {
  knex: Knex;
  beforeMs: number;
}): Promise<number> {
  return options
    .knex('ownership_docs_audits')
    .where('audited_at', '<', options.beforeMs)
    .delete();
}
