import { BackendFeature, ServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import { JsonObject } from '@backstage/types';
import { OwnershipClient } from '@steward/plugin-ownership-common';
import { Knex } from 'knex';
import path from 'node:path';
import request from 'supertest';
import { ownershipPlugin } from '../plugin';

/**
 * The catalog (reading `__fixtures__/oncall-catalog.yaml`) and the ownership
 * plugin on the given database, with a scheduler the test triggers. Resolves
 * once the catalog holds every fixture Component.
 */
export async function startOwnershipBackend(options: {
  knex: Knex;
  ownership: JsonObject;
  /** More plugins and services, such as a permission policy. */
  features?: BackendFeature[];
  /** More top-level config sections, such as `permission`. */
  config?: JsonObject;
}) {
  const scheduler = mockServices.scheduler() as ReturnType<
    typeof mockServices.scheduler
  > & { factory(): ServiceFactory };
  const backend = await startTestBackend({
    features: [
      mockServices.database.factory({ knex: options.knex }),
      scheduler.factory(),
      mockServices.rootConfig.factory({
        data: {
          catalog: {
            processingInterval: { seconds: 1 },
            rules: [{ allow: ['Component', 'Group', 'User', 'Location'] }],
            locations: [
              {
                type: 'file',
                target: path.resolve(
                  __dirname,
                  '../__fixtures__/oncall-catalog.yaml',
                ),
              },
            ],
          },
          ownership: options.ownership,
          ...options.config,
        },
      }),
      catalogBackend,
      ownershipPlugin,
      ...(options.features ?? []),
    ],
  });
  const user = mockCredentials.user.header();
  const deadline = Date.now() + 60_000;
  // Relations (ownedBy) come with stitching: wait until every Component is
  // stitched with its owner.
  for (;;) {
    const res = await request(backend.server)
      .get('/api/catalog/entities?filter=kind=component,relations.ownedBy')
      .set('Authorization', user);
    const groups = await request(backend.server)
      .get('/api/catalog/entities?filter=kind=group&filter=kind=user')
      .set('Authorization', user);
    if (res.body.length === 5 && groups.body.length === 9) break;
    if (Date.now() > deadline) {
      throw new Error('the catalog did not ingest the fixture in 60s');
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  // The client the frontend uses, signed in as the same user.
  const client = new OwnershipClient({
    discoveryApi: {
      getBaseUrl: async pluginId =>
        `http://localhost:${backend.server.port()}/api/${pluginId}`,
    },
    fetchApi: {
      fetch: (input, init) =>
        fetch(input, {
          ...init,
          headers: { ...init?.headers, Authorization: user },
        }),
    },
  });
  // `stop` is a method of the backend: spreading it would drop it.
  return {
    ...backend,
    stop: () => backend.stop(),
    baseUrl: `http://localhost:${backend.server.port()}/api/ownership`,
    scheduler,
    user,
    client,
  };
}
