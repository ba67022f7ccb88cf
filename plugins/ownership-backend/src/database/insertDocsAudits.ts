import { Knex } from 'knex';
import { DocsAuditRow } from './tables';

/** Stores one run of the docs audit; chunked to stay under SQLite's variable limit. */
export async function insertDocsAudits(options: {
  knex: Knex;
  rows: DocsAuditRow[];
}): Promise<void> {
  await options.knex.batchInsert('ownership_docs_audits', options.rows, 200);
}
