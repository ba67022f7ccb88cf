// The suites' PostgreSQL databases: each suite uses a prefix of its own
// (Backstage names a plugin's database `<prefix><pluginId>`), starts from
// none and drops them when done.
import knexFactory, { type Knex } from 'knex';
import { POSTGRES_URL, processUsage } from './backend.mts';

async function withDatabase<T>(
  database: string,
  fn: (knex: Knex) => Promise<T>,
): Promise<T> {
  const knex = knexFactory({
    client: 'pg',
    connection: `${POSTGRES_URL}/${database}`,
    pool: { min: 0, max: 1 },
  });
  try {
    return await fn(knex);
  } finally {
    await knex.destroy();
  }
}

export async function dropDatabases(prefix: string): Promise<string[]> {
  if (!/^rel_[a-z0-9_]+_$/.test(prefix)) {
    throw new Error(
      `refusing to drop databases with prefix ${prefix}: not a reliability prefix`,
    );
  }
  return withDatabase('postgres', async knex => {
    // starts_with: `_` in the prefix is no wildcard.
    const { rows } = await knex.raw<{ rows: { datname: string }[] }>(
      'select datname from pg_database where starts_with(datname, ?) order by datname',
      [prefix],
    );
    for (const { datname } of rows) {
      await knex.raw('drop database if exists ?? with (force)', [datname]);
    }
    return rows.map(r => r.datname);
  });
}

/** Bytes on disk of one database (tables, indexes, TOAST). */
export async function databaseSize(name: string): Promise<number> {
  return withDatabase('postgres', async knex => {
    const { rows } = await knex.raw<{ rows: { size: string }[] }>(
      'select pg_database_size(?) as size',
      [name],
    );
    return Number(rows[0].size);
  });
}

/** Runs `fn` with a connection to one of the suite's databases. */
export function onDatabase<T>(
  database: string,
  fn: (knex: Knex) => Promise<T>,
): Promise<T> {
  return withDatabase(database, fn);
}

/**
 * CPU seconds used so far by the PostgreSQL server processes serving the
 * databases with this prefix (from /proc: the server runs on this machine).
 * Connections opened and closed between two readings are missed, so the
 * figure is a lower bound; Backstage keeps its pool's connections open.
 */
export async function postgresCpuSeconds(prefix: string): Promise<number> {
  const pids = await withDatabase('postgres', async knex => {
    const { rows } = await knex.raw<{ rows: { pid: number }[] }>(
      'select pid from pg_stat_activity where starts_with(datname, ?)',
      [prefix],
    );
    return rows.map(r => r.pid);
  });
  let total = 0;
  for (const pid of pids) {
    try {
      total += processUsage(pid).cpuSeconds;
    } catch {
      // ended meanwhile
    }
  }
  return total;
}
