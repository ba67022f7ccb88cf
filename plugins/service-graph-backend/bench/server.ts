// The backend under benchmark: the real service-graph plugin in a started
// Backstage backend, on a SQLite file (or PostgreSQL with BENCH_DATABASE=pg).
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import knexFactory from 'knex';
import { serviceGraphPlugin } from '../src/plugin';

async function main() {
  const file = process.argv[2];
  const knex =
    process.env.BENCH_DATABASE === 'pg'
      ? knexFactory({
          client: 'pg',
          connection:
            process.env.BENCH_PG_CONNECTION ??
            'postgresql://postgres@127.0.0.1:5432/postgres',
        })
      : knexFactory({
          client: 'better-sqlite3',
          connection: { filename: file },
          useNullAsDefault: true,
        });
  const backend = await startTestBackend({
    features: [
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          serviceGraph: { ingest: { allowUnauthenticatedLoopback: true } },
        },
      }),
      serviceGraphPlugin,
    ],
  });
  process.send!({ port: backend.server.port() });
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
