import { TestDatabases } from '@backstage/backend-test-utils';
import { MIGRATIONS_TABLE, migrationsDir } from './migrations';
import { readDocsAuditHistory } from './readDocsAuditHistory';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'docs audit migration on %s',
  databaseId => {
    it('goes up, holds audits a history reads, and goes down', async () => {
      const knex = await databases.init(databaseId);
      const config = { directory: migrationsDir, tableName: MIGRATIONS_TABLE };
      await knex.migrate.latest(config);
      const row = (at: number, entity: string, score: number) => ({
        audited_at: at,
        entity_ref: `component:default/${entity}`,
        owner_ref: 'group:default/payments',
        score,
        findings: '[]',
      });
      await knex('ownership_docs_audits').insert([
        row(1_000, 'a', 40),
        row(1_000, 'b', 61),
        row(2_000, 'a', 80),
      ]);
      await expect(
        readDocsAuditHistory({
          knex,
          ownerRef: 'group:default/payments',
          fromMs: 0,
        }),
      ).resolves.toEqual([
        { at: 1_000, score: 50.5, entities: 2 },
        { at: 2_000, score: 80, entities: 1 },
      ]);
      // By name: later migrations may follow this one.
      await knex.migrate.down({
        ...config,
        name: '20261121120000_docs_audits.js',
      });
      await expect(knex.schema.hasTable('ownership_docs_audits')).resolves.toBe(
        false,
      );
      await knex.migrate.latest(config);
      await expect(knex.schema.hasTable('ownership_docs_audits')).resolves.toBe(
        true,
      );
      await knex.destroy();
    });
  },
);
