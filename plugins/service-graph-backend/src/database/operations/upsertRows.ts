import { Knex } from 'knex';
import { chunks } from './ensureSeries';

/**
 * Knex inserts several rows on SQLite as one compound SELECT, which SQLite
 * caps at 500 terms (SQLITE_MAX_COMPOUND_SELECT).
 */
const MAX_ROWS_PER_INSERT = 500;

/**
 * Inserts rows; a row whose `conflict` columns match a stored one adds its
 * `add` columns to the stored ones (`x = x + excluded.x`, so that
 * concurrent writers sum exactly), or without `add` is dropped (the first
 * copy wins). Callers sort the rows: writers taking their row locks in one
 * order cannot deadlock on PostgreSQL.
 *
 * On SQLite the rows travel as one JSON parameter read by `json_each`, in a
 * statement whose text depends only on the table: Knex's compound SELECT of
 * up to 500 rows is compiled and prepared anew for every chunk, which was
 * most of the cost of a commit.
 */
export async function upsertRows<Row extends object>(
  tx: Knex.Transaction,
  options: {
    table: string;
    conflict: Array<keyof Row & string>;
    add?: Array<keyof Row & string>;
    rows: Row[];
  },
): Promise<void> {
  const { table, conflict, add = [], rows } = options;
  if (rows.length === 0) return;
  if (tx.client.dialect === 'sqlite3') {
    const columns = Object.keys(rows[0]);
    const values = rows.map(row =>
      columns.map(column => (row as Record<string, unknown>)[column]),
    );
    const onConflict =
      add.length === 0
        ? 'DO NOTHING'
        : `DO UPDATE SET ${add
            .map(c => `${c} = ${table}.${c} + excluded.${c}`)
            .join(', ')}`;
    // WHERE true: without it SQLite would read ON CONFLICT as a join's.
    await tx.raw(
      `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${columns
        .map((_, i) => `value ->> ${i}`)
        .join(', ')} FROM json_each(?) WHERE true ON CONFLICT (${conflict.join(
        ', ',
      )}) ${onConflict}`,
      [JSON.stringify(values)],
    );
    return;
  }
  for (const chunk of chunks(rows, MAX_ROWS_PER_INSERT)) {
    const insert = tx(table).insert(chunk).onConflict(conflict);
    if (add.length === 0) {
      await insert.ignore();
    } else {
      await insert.merge(
        Object.fromEntries(
          add.map(c => [c, tx.raw(`${table}.${c} + excluded.${c}`)]),
        ),
      );
    }
  }
}
