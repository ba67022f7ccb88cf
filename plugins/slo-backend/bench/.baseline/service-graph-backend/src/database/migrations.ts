import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

/** Private to this plugin so it never collides with another's migrations. */
export const MIGRATIONS_TABLE = 'service_graph__knex_migrations';

export const migrationsDir = resolvePackagePath(
  '@steward/plugin-service-graph-backend',
  'migrations',
);

export async function applyDatabaseMigrations(knex: Knex): Promise<void> {
  await knex.migrate.latest({
    directory: migrationsDir,
    tableName: MIGRATIONS_TABLE,
  });
}
