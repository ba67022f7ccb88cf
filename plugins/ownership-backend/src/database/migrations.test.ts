import { TestDatabases } from '@backstage/backend-test-utils';
import { MIGRATIONS_TABLE, migrationsDir } from './migrations';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'ownership migrations on %s',
  databaseId => {
    it('go up, hold a routing decision, go down and up again', async () => {
      const knex = await databases.init(databaseId);
      const config = { directory: migrationsDir, tableName: MIGRATIONS_TABLE };
      await knex.migrate.latest(config);
      await knex('ownership_routing_decisions').insert({
        received_at: 1_700_000_000_000,
        source: 'alertmanager',
        alert_name: 'CheckoutErrors',
        status: 'firing',
        fingerprint: 'f1',
        group_key: 'component:default/currency|CheckoutErrors|firing',
        explanation: JSON.stringify(['walked']),
        alert: '{}',
      });
      await expect(
        knex('ownership_routing_decisions').select(
          'alert_name',
          'repeats',
          'actioned',
        ),
      ).resolves.toEqual([
        {
          alert_name: 'CheckoutErrors',
          repeats: 0,
          actioned: databaseId === 'SQLITE_3' ? 0 : false,
        },
      ]);
      await knex('ownership_postmortems').insert({
        owner_ref: 'group:default/platform',
        title: 'Currency outage',
        document: '{}',
        created_by: 'user:default/sofia',
        created_at: 1_700_000_000_000,
        updated_by: 'user:default/sofia',
        updated_at: 1_700_000_000_000,
      });
      // This migration alone goes down (by name: later ones may follow) and
      // keeps the decisions.
      await knex.migrate.down({
        ...config,
        name: '20261121010000_alert_responses_postmortems.js',
      });
      await expect(knex.schema.hasTable('ownership_postmortems')).resolves.toBe(
        false,
      );
      await expect(
        knex.schema.hasColumn('ownership_routing_decisions', 'runbook_url'),
      ).resolves.toBe(false);
      await expect(
        knex('ownership_routing_decisions').count({ n: '*' }),
      ).resolves.toEqual([{ n: databaseId === 'SQLITE_3' ? 1 : '1' }]);
      await knex.migrate.latest(config);
      await knex.migrate.down({
        ...config,
        name: '20261121180000_org_snapshots.js',
      });
      for (const table of [
        'ownership_org_snapshot_components',
        'ownership_org_snapshot_groups',
      ]) {
        await expect(knex.schema.hasTable(table)).resolves.toBe(false);
      }
      await knex.migrate.latest(config);
      await knex.migrate.rollback(config, true);
      await expect(
        knex.schema.hasTable('ownership_routing_decisions'),
      ).resolves.toBe(false);
      await knex.migrate.latest(config);
      await expect(
        knex.schema.hasTable('ownership_routing_decisions'),
      ).resolves.toBe(true);
      await knex.destroy();
    });
  },
);
