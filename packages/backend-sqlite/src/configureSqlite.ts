import { Knex } from 'knex';

/** A better-sqlite3 connection, as knex's pool holds it. */
type SqliteConnection = { pragma(source: string): unknown };

/**
 * Sets a backend's SQLite database to write-ahead logging, on every
 * connection of its pool; PostgreSQL is left as it is.
 *
 * better-sqlite3 runs every statement on the event loop, so a commit that
 * waits for the disk stalls every request of the backend. SQLite's default
 * rollback journal syncs the journal and the database file on each commit;
 * with write-ahead logging a commit is an append to the log, synced once
 * (`synchronous: 'FULL'`: durable across power failure) or only at
 * checkpoints (`'NORMAL'`: a commit may then be lost on power failure,
 * never corrupted).
 */
export async function configureSqlite(
  knex: Knex,
  options: { synchronous: 'FULL' | 'NORMAL' },
): Promise<void> {
  if (knex.client.config.client !== 'better-sqlite3') return;
  const pragmas = [
    'journal_mode = WAL',
    `synchronous = ${options.synchronous}`,
  ];
  knex.client.pool.on(
    'createSuccess',
    (_id: unknown, connection: SqliteConnection) =>
      pragmas.forEach(pragma => connection.pragma(pragma)),
  );
  // The pool may already hold a connection (the migrations ran on it).
  for (const pragma of pragmas) await knex.raw(`PRAGMA ${pragma}`);
}
