import knexFactory, { Knex } from 'knex';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configureSqlite } from './configureSqlite';

type Connection = {
  pragma(source: string, options: { simple: true }): unknown;
};

/** SQLite's numbers for `PRAGMA synchronous`. */
const SYNCHRONOUS = { NORMAL: 1, FULL: 2 } as const;

describe('configureSqlite', () => {
  let dir: string;
  let knex: Knex;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'steward-sqlite-'));
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: join(dir, 'test.sqlite') },
      useNullAsDefault: true,
      pool: { min: 0, max: 2 },
    });
  });

  afterEach(async () => {
    await knex.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['FULL', 'NORMAL'] as const)(
    'sets WAL and synchronous = %s on the open connection and on new ones',
    async synchronous => {
      await knex.raw('select 1');
      await configureSqlite(knex, { synchronous });
      // Two at once: the second is created after configureSqlite ran.
      const connections: Connection[] = await Promise.all([
        knex.client.acquireConnection(),
        knex.client.acquireConnection(),
      ]);
      for (const connection of connections) {
        expect(connection.pragma('journal_mode', { simple: true })).toBe('wal');
        expect(connection.pragma('synchronous', { simple: true })).toBe(
          SYNCHRONOUS[synchronous],
        );
        await knex.client.releaseConnection(connection);
      }
    },
  );

  it('leaves other databases alone', async () => {
    const pg = knexFactory({ client: 'pg', connection: {} });
    await expect(
      configureSqlite(pg, { synchronous: 'FULL' }),
    ).resolves.toBeUndefined();
    await pg.destroy();
  });
});
