// The suites' PostgreSQL databases: each suite uses a prefix of its own
// (Backstage names a plugin's database `<prefix><pluginId>`), starts from
// none and drops them when done.
import pg from 'pg';
import { POSTGRES_URL } from './backend.mts';

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    connectionString: `${POSTGRES_URL}/postgres`,
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Names are matched literally: `_` is no wildcard here. */
async function databasesWithPrefix(
  client: pg.Client,
  prefix: string,
): Promise<string[]> {
  const { rows } = await client.query<{ datname: string }>(
    'select datname from pg_database where starts_with(datname, $1) order by datname',
    [prefix],
  );
  return rows.map(r => r.datname);
}

export async function dropDatabases(prefix: string): Promise<string[]> {
  if (!/^rel_[a-z0-9_]+_$/.test(prefix)) {
    throw new Error(
      `refusing to drop databases with prefix ${prefix}: not a reliability prefix`,
    );
  }
  return withAdmin(async client => {
    const names = await databasesWithPrefix(client, prefix);
    for (const name of names) {
      await client.query(`drop database if exists "${name}" with (force)`);
    }
    return names;
  });
}

/** Bytes on disk of one database (tables, indexes, TOAST). */
export async function databaseSize(name: string): Promise<number> {
  return withAdmin(async client => {
    const { rows } = await client.query<{ size: string }>(
      'select pg_database_size($1) as size',
      [name],
    );
    return Number(rows[0].size);
  });
}

/** A query against one of the suite's databases. */
export async function query<R extends pg.QueryResultRow>(
  database: string,
  text: string,
  values: unknown[] = [],
) {
  const client = new pg.Client({
    connectionString: `${POSTGRES_URL}/${database}`,
  });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}
