import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import {
  PrometheusClient,
  spanMetricsNames,
} from '@steward/plugin-service-graph-common';
import { sloPermissions } from '@steward/plugin-slo-common';
import { loadSloDefinitions } from './catalog/loadSloDefinitions';
import { readSloConfig } from './config';
import { applyDatabaseMigrations } from './database/migrations';
import { SloEvaluator } from './evaluation/SloEvaluator';
import { createServiceGraphClient } from './serviceGraphClient';
import { createRouter } from './service/createRouter';
import { PrometheusSliSource } from './sli/PrometheusSliSource';
import { ServiceGraphSliSource } from './sli/ServiceGraphSliSource';
import { SliSource } from './sli/SliSource';
import { SpanMetricsSliSource } from './sli/SpanMetricsSliSource';

/**
 * The SLO backend plugin: evaluates OpenSLO definitions from the catalog
 * against the service graph (or Prometheus), and serves statuses, gates,
 * alerts, deploys and scorecards.
 *
 * @public
 */
export const sloPlugin = createBackendPlugin({
  pluginId: 'slo',
  register(env) {
    env.registerInit({
      deps: {
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        database: coreServices.database,
        discovery: coreServices.discovery,
        events: eventsServiceRef,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
      },
      async init(deps) {
        const config = readSloConfig(deps.config);
        const knex = await deps.database.getClient();
        if (!deps.database.migrations?.skip) {
          await applyDatabaseMigrations(knex);
        }
        deps.permissionsRegistry.addPermissions(sloPermissions);

        const serviceGraph = createServiceGraphClient(deps);
        const traceSource = config.serviceGraphSource;
        const sources: SliSource[] = [
          traceSource.type === 'prometheus'
            ? SpanMetricsSliSource.create({
                client: PrometheusClient.create({
                  baseUrl: traceSource.baseUrl,
                  timeoutMs: traceSource.timeoutMs,
                }),
                names: spanMetricsNames(traceSource.metrics.spanMetrics),
              })
            : ServiceGraphSliSource.create({ client: serviceGraph }),
        ];
        if (config.prometheus) {
          sources.push(
            PrometheusSliSource.create({
              client: PrometheusClient.create({
                baseUrl: config.prometheus.baseUrl,
              }),
            }),
          );
        }
        const evaluator = SloEvaluator.create({
          knex,
          sources,
          config,
          events: deps.events,
          logger: deps.logger,
        });

        await deps.scheduler.scheduleTask({
          id: 'slo-evaluation',
          frequency: { seconds: config.evaluation.frequencySeconds },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 5 },
          fn: async () => {
            const definitions = await loadSloDefinitions({
              catalog: deps.catalog,
              auth: deps.auth,
              defaults: config.policy,
            });
            await evaluator.evaluate(definitions);
          },
        });

        deps.httpRouter.use(
          await createRouter({
            knex,
            config,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            serviceGraph,
          }),
        );
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
