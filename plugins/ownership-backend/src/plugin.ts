import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { ServiceGraphClient } from '@steward/plugin-service-graph-common';
import { SLO_ALERTS_TOPIC, SloAlertEvent } from '@steward/plugin-slo-common';
import { readOwnershipConfig } from './config';
import { applyDatabaseMigrations } from './database/migrations';
import { AlertRouter } from './routing/AlertRouter';
import { ServiceDirectory } from './routing/ServiceDirectory';
import { alertFromSloEvent } from './routing/sloAlerts';
import { createRouter } from './service/createRouter';

/**
 * The ownership backend plugin: alert routing by trace walk to the owner's
 * on-call.
 *
 * @public
 */
export const ownershipPlugin = createBackendPlugin({
  pluginId: 'ownership',
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
        notifications: notificationService,
      },
      async init(deps) {
        const config = readOwnershipConfig(deps.config);
        const knex = await deps.database.getClient();
        if (!deps.database.migrations?.skip) {
          await applyDatabaseMigrations(knex);
        }
        const { auth } = deps;
        const serviceGraph = new ServiceGraphClient({
          discoveryApi: deps.discovery,
          fetchApi: {
            fetch: async (input, init) => {
              const { token } = await auth.getPluginRequestToken({
                onBehalfOf: await auth.getOwnServiceCredentials(),
                targetPluginId: 'service-graph',
              });
              return fetch(input, {
                ...init,
                headers: { ...init?.headers, Authorization: `Bearer ${token}` },
              });
            },
          },
        });
        const router = AlertRouter.create({
          knex,
          config,
          directory: ServiceDirectory.create({ catalog: deps.catalog, auth }),
          serviceGraph,
          notifications: deps.notifications,
          logger: deps.logger,
        });

        await deps.events.subscribe({
          id: 'ownership-slo-alerts',
          topics: [SLO_ALERTS_TOPIC],
          // Routing may wait for an alert's traces; the SLO evaluation that
          // published the alert does not wait for its routing.
          onEvent: async params => {
            router
              .route(alertFromSloEvent(params.eventPayload as SloAlertEvent))
              .catch(error =>
                deps.logger.error(`Routing an SLO alert failed: ${error}`),
              );
          },
        });

        deps.httpRouter.use(
          await createRouter({ knex, httpAuth: deps.httpAuth, router }),
        );
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
