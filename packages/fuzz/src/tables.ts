import type { Knex } from 'knex';

/**
 * The tables of the database a test backend uses, sorted: injection tests
 * compare them before and after their probes.
 */
export async function tableNames(knex: Knex): Promise<string[]> {
  const rows: Array<{ name: string }> =
    knex.client.config.client === 'pg'
      ? await knex('pg_tables')
          .select('tablename as name')
          .whereRaw('schemaname = current_schema()')
      : await knex('sqlite_master').select('name').where({ type: 'table' });
  return rows.map(r => r.name).sort();
}
