import { TestDatabases } from '@backstage/backend-test-utils';
import { MIGRATIONS_TABLE, migrationsDir } from './migrations';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const TABLES = ['slo_status', 'slo_alert_events', 'slo_deploys'];

describe.each(databases.eachSupportedId())(
  'slo migrations on %s',
  databaseId => {
    it('go up, hold rows, go down and up again', async () => {
      const knex = await databases.init(databaseId);
      const config = { directory: migrationsDir, tableName: MIGRATIONS_TABLE };

      await knex.migrate.latest(config);
      await knex('slo_deploys').insert({
        entity_ref: 'component:default/payment',
        version: '1.0.0',
        deployed_at: 1_700_000_000_000,
        recorded_by: 'user:default/ci',
      });
      await expect(
        knex('slo_deploys').select('entity_ref', 'version'),
      ).resolves.toEqual([
        { entity_ref: 'component:default/payment', version: '1.0.0' },
      ]);

      await knex.migrate.rollback(config, true);
      for (const table of TABLES) {
        await expect(knex.schema.hasTable(table)).resolves.toBe(false);
      }

      await knex.migrate.latest(config);
      for (const table of TABLES) {
        await expect(knex.schema.hasTable(table)).resolves.toBe(true);
      }
      await knex.destroy();
    });
  },
);

const postgres = TestDatabases.create({ ids: ['POSTGRES_15'] });

describe.each(postgres.eachSupportedId())(
  'slo migrations on %s',
  databaseId => {
    it('compress statuses with lz4 where the server has it', async () => {
      const knex = await postgres.init(databaseId);
      const config = { directory: migrationsDir, tableName: MIGRATIONS_TABLE };
      const compression = async () =>
        (
          await knex.raw(
            `SELECT attcompression AS c FROM pg_attribute
            WHERE attrelid = 'slo_status'::regclass AND attname = 'evaluation'`,
          )
        ).rows[0].c;
      const { rows } = await knex.raw(
        `SELECT 1 FROM pg_settings
        WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)`,
      );
      const lz4 = rows.length > 0;

      await knex.migrate.latest(config);
      expect(await compression()).toBe(lz4 ? 'l' : '');
      await knex.migrate.down(config);
      expect(await compression()).toBe(lz4 ? 'p' : '');
      await knex.destroy();
    });
  },
);
