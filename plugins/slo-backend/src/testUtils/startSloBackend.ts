import { BackendFeature } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import catalogBackend from '@backstage/plugin-catalog-backend';
import serviceGraphBackend from '@steward/plugin-service-graph-backend';
import catalogModuleSlo from '@steward/plugin-catalog-backend-module-slo';
import { Knex } from 'knex';
import { sloPlugin } from '../plugin';

/**
 * Starts the catalog (reading `catalogFile`, with the OpenSLO module), the
 * service graph and the SLO plugin on the given database.
 *
 * @public
 */
export async function startSloBackend(options: {
  knex: Knex;
  /** The catalog file with the Components, SLOs and SLIs of the test. */
  catalogFile: string;
  /** More plugins and services, such as a permission policy. */
  features?: BackendFeature[];
  /** More top-level config sections, such as `permission` or `backend`. */
  config?: JsonObject;
}) {
  const backend = await startTestBackend({
    features: [
      mockServices.database.factory({ knex: options.knex }),
      mockServices.rootConfig.factory({
        data: {
          catalog: {
            processingInterval: { seconds: 1 },
            rules: [
              { allow: ['Component', 'Group', 'Location', 'SLO', 'SLI'] },
            ],
            locations: [{ type: 'file', target: options.catalogFile }],
          },
          serviceGraph: { ingest: { flushIntervalMs: 20 } },
          ...options.config,
        },
      }),
      catalogBackend,
      catalogModuleSlo,
      serviceGraphBackend,
      sloPlugin,
      ...(options.features ?? []),
    ],
  });
  return {
    server: backend.server,
    baseUrl: `http://localhost:${backend.server.port()}/api/slo`,
    stop: () => backend.stop(),
  };
}
