import { Knex } from 'knex';
import { DocsAuditRow } from './tables';

/** The stored audit of a Component from the latest run that covered it. */
export async function readLatestDocsAudit(options: {
  knex: Knex;
  entityRef: string;
}): Promise<DocsAuditRow | undefined> {
  return options
    .knex<DocsAuditRow>('ownership_docs_audits')
    .where('entity_ref', options.entityRef)
    .orderBy('audited_at', 'desc')
    .first();
}
