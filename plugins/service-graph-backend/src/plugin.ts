import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { configureSqlite } from '@steward/backend-sqlite';
import { readServiceGraphConfig } from './config';
import { deleteExpired } from './database/operations/deleteExpired';
import { applyDatabaseMigrations } from './database/migrations';
import { IngestPipeline } from './ingest/IngestPipeline';
import { createServiceGraphQueries } from './queries/createServiceGraphQueries';
import { createRouter } from './service/createRouter';
import { createTraceSource } from './traces/createTraceSource';

/**
 * The service-graph backend plugin: OTLP receiver, span pairing, bucket
 * storage, recent traces and the query API.
 *
 * @public
 */
export const serviceGraphPlugin = createBackendPlugin({
  pluginId: 'service-graph',
  register(env) {
    env.registerInit({
      deps: {
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        lifecycle: coreServices.lifecycle,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init(deps) {
        const config = readServiceGraphConfig(deps.config);
        const knex = await deps.database.getClient();
        if (!deps.database.migrations?.skip) {
          await applyDatabaseMigrations(knex);
        }
        // Ingest acknowledges spans once committed: each commit synced.
        await configureSqlite(knex, { synchronous: 'FULL' });

        const pipeline = IngestPipeline.create({
          knex,
          config,
          logger: deps.logger,
        });
        pipeline.start();
        deps.lifecycle.addShutdownHook(() => pipeline.stop());

        await deps.scheduler.scheduleTask({
          id: 'service-graph-retention',
          frequency: { seconds: config.cleanup.frequencySeconds },
          timeout: { minutes: 5 },
          fn: async () => {
            const deleted = await deleteExpired(knex, {
              retention: config.retention,
              nowMs: Date.now(),
            });
            deps.logger.info(
              `Retention removed ${deleted.buckets} buckets and ${deleted.traceSpans} trace spans`,
            );
          },
        });

        deps.httpRouter.use(
          await createRouter({
            knex,
            config,
            httpAuth: deps.httpAuth,
            pipeline,
            queries: createServiceGraphQueries({ config, knex }),
            traceSource: createTraceSource({ config, knex }),
            auth: deps.auth,
            catalog: deps.catalog,
          }),
        );
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });
        // The receiver checks service tokens itself so that it can admit
        // loopback ingest in the demo when configured to.
        deps.httpRouter.addAuthPolicy({
          path: '/v1/traces',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
