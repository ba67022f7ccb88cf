import { Knex } from 'knex';

/**
 * better-sqlite3 runs every statement on the event loop, so a commit that
 * waits for the disk (a sync per transaction in SQLite's default rollback
 * journal) stalls every request of the backend, alert routing included.
 * Write-ahead logging with `synchronous = NORMAL` syncs at checkpoints
 * instead: a commit may be lost on power failure, never corrupted, which
 * routing decisions and audits can afford. PostgreSQL is left as it is.
 */
const PRAGMAS = ['journal_mode = WAL', 'synchronous = NORMAL'];

export async function configureSqlite(knex: Knex): Promise<void> {
  if (knex.client.config.client !== 'better-sqlite3') return;
  knex.client.pool.on(
    'createSuccess',
    (_id: unknown, db: { pragma(source: string): unknown }) =>
      PRAGMAS.forEach(pragma => db.pragma(pragma)),
  );
  // The pool already holds the connection the migrations ran on.
  for (const pragma of PRAGMAS) await knex.raw(`PRAGMA ${pragma}`);
}
