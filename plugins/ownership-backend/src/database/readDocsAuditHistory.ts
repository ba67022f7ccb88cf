import { DocsScorePoint } from '@steward/plugin-ownership-common';
import { Knex } from 'knex';

/**
 * The score over time since `fromMs`, oldest first: of one Component
 * (`entityRef`), of the Components a Group owned at each run (`ownerRef`),
 * or of every Component.
 */
export async function readDocsAuditHistory(options: {
  knex: Knex;
  entityRef?: string;
  ownerRef?: string;
  fromMs: number;
}): Promise<DocsScorePoint[]> {
  const query = options
    .knex('ownership_docs_audits')
    .select('audited_at')
    .avg({ score: 'score' })
    .count({ entities: '*' })
    .where('audited_at', '>=', options.fromMs)
    .groupBy('audited_at')
    .orderBy('audited_at');
  if (options.entityRef) query.where('entity_ref', options.entityRef);
  if (options.ownerRef) query.where('owner_ref', options.ownerRef);
  const rows = (await query) as Array<{
    audited_at: number | string;
    score: number | string;
    entities: number | string;
  }>;
  return rows.map(row => ({
    at: Number(row.audited_at),
    score: Math.round(Number(row.score) * 10) / 10,
    entities: Number(row.entities),
  }));
}
