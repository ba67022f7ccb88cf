import knexFactory from 'knex';

const PG = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;

/**
 * `backend.database` settings under which each plugin of a test backend
 * gets a database of its own, as in production: in memory on SQLite,
 * `<prefix><pluginId>` on PostgreSQL when the test database is configured.
 * `tag` keeps the PostgreSQL databases of one test file apart.
 */
export function pluginDatabases(
  tag: string,
): Array<[string, Record<string, string>]> {
  const sqlite: [string, Record<string, string>] = [
    'SQLITE_3',
    { client: 'better-sqlite3', connection: ':memory:' },
  ];
  if (!PG) return [sqlite];
  return [
    sqlite,
    ['POSTGRES_15', { client: 'pg', connection: PG, prefix: prefix(tag) }],
  ];
}

function prefix(tag: string): string {
  return `steward_${tag}_${process.pid}_`;
}

/** Drops the PostgreSQL databases `pluginDatabases(tag)` led to. */
export async function dropPluginDatabases(tag: string): Promise<void> {
  if (!PG) return;
  const admin = knexFactory({ client: 'pg', connection: PG });
  try {
    const { rows } = await admin.raw(
      'select datname from pg_database where datname like ?',
      [`${prefix(tag)}%`],
    );
    for (const { datname } of rows) {
      await admin.raw('drop database if exists ?? with (force)', [datname]);
    }
  } finally {
    await admin.destroy();
  }
}
