import { BackendFeature } from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import { serviceGraphPlugin } from '../plugin';

/** A real backend with the plugin on the given test database. */
export async function startServiceGraphBackend(options: {
  databases: TestDatabases;
  databaseId: TestDatabaseId;
  config?: JsonObject;
  /** More plugins beside it, such as the catalog for the drift endpoints. */
  features?: BackendFeature[];
}) {
  const knex = await options.databases.init(options.databaseId);
  const backend = await startTestBackend({
    features: [
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          serviceGraph: { ingest: { flushIntervalMs: 20 }, ...options.config },
        },
      }),
      serviceGraphPlugin,
      ...(options.features ?? []),
    ],
  });
  return {
    knex,
    server: backend.server,
    baseUrl: `http://localhost:${backend.server.port()}/api/service-graph`,
    stop: () => backend.stop(),
  };
}
