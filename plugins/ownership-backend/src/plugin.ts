import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  ownershipPermissions,
  ownershipPostmortemDeletePermission,
  ownershipPostmortemUpdatePermission,
} from '@steward/plugin-ownership-common';
import { ServiceGraphClient } from '@steward/plugin-service-graph-common';
import {
  SLO_ALERTS_TOPIC,
  SloAlertEvent,
  SloClient,
} from '@steward/plugin-slo-common';
import { configureSqlite } from '@steward/backend-sqlite';
import { OrgCatalog } from './catalog/OrgCatalog';
import { readOwnershipConfig } from './config';
import { applyDatabaseMigrations } from './database/migrations';
import { DefaultDocsAuditService } from './docs/DocsAuditService';
import { DefaultOrgMetricsService } from './metrics/OrgMetricsService';
import { DefaultOnCallService } from './oncall/OnCallService';
import { postmortemResources } from './permissions/postmortemResources';
import {
  postmortemPermissionResourceRef,
  postmortemPermissionRules,
} from './permissions/postmortemRules';
import { AlertRouter } from './routing/AlertRouter';
import { DefaultExemplarSource } from './routing/PrometheusExemplars';
import { RoutingOnCall } from './routing/RoutingOnCall';
import { ServiceDirectory } from './routing/ServiceDirectory';
import { alertFromSloEvent } from './routing/sloAlerts';
import { createRouter } from './service/createRouter';
import { pluginFetch } from './service/pluginFetch';

/**
 * The ownership backend plugin: alert routing by trace walk to the owner's
 * on-call, docs audits with their history, on-call from Group specs,
 * PagerDuty or Opsgenie, alert hygiene and postmortems.
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
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
      },
      async init(deps) {
        const config = readOwnershipConfig(deps.config);
        const knex = await deps.database.getClient();
        if (!deps.database.migrations?.skip) {
          await applyDatabaseMigrations(knex);
        }
        // Routing decisions and audits can afford to lose a commit on power
        // failure; the event loop cannot afford a sync per commit.
        await configureSqlite(knex, { synchronous: 'NORMAL' });
        const { auth, discovery } = deps;
        const serviceGraph = new ServiceGraphClient({
          discoveryApi: discovery,
          fetchApi: pluginFetch({ auth, targetPluginId: 'service-graph' }),
        });
        const slo = new SloClient({
          discoveryApi: discovery,
          fetchApi: pluginFetch({ auth, targetPluginId: 'slo' }),
        });
        const directory = ServiceDirectory.create({
          catalog: deps.catalog,
          auth,
          logger: deps.logger,
        });
        const orgCatalog = OrgCatalog.create({ catalog: deps.catalog, auth });
        const oncall = DefaultOnCallService.create({
          catalog: orgCatalog,
          config: config.oncall,
        });
        const router = AlertRouter.create({
          knex,
          config,
          directory,
          oncall: RoutingOnCall.create({
            oncall,
            cacheMs: config.routing.oncallCacheMs,
            timeoutMs: config.routing.oncallTimeoutMs,
          }),
          serviceGraph,
          slo,
          exemplars: config.routing.prometheusUrl
            ? DefaultExemplarSource.create({
                prometheusUrl: config.routing.prometheusUrl,
              })
            : undefined,
          notifications: deps.notifications,
          logger: deps.logger,
        });

        deps.permissionsRegistry.addPermissions(ownershipPermissions);
        deps.permissionsRegistry.addResourceType({
          resourceRef: postmortemPermissionResourceRef,
          permissions: [
            ownershipPostmortemUpdatePermission,
            ownershipPostmortemDeletePermission,
          ],
          rules: Object.values(postmortemPermissionRules),
          getResources: postmortemResources({ knex, directory }),
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

        const docs = DefaultDocsAuditService.create({
          knex,
          catalog: orgCatalog,
          config: config.docs,
          logger: deps.logger,
        });
        const metrics = DefaultOrgMetricsService.create({
          knex,
          config,
          directory,
          oncall,
          slo,
          serviceGraph,
          logger: deps.logger,
        });
        // Global tasks: one replica runs each.
        for (const task of [
          {
            id: 'ownership-docs-audit',
            minutes: config.docs.auditFrequencyMinutes,
            delaySeconds: 30,
            run: () => docs.auditAll({ nowMs: Date.now() }),
          },
          {
            id: 'ownership-org-snapshot',
            minutes: config.metrics.snapshotFrequencyMinutes,
            delaySeconds: 60,
            run: () => metrics.snapshot({ nowMs: Date.now() }),
          },
        ]) {
          await deps.scheduler.scheduleTask({
            id: task.id,
            scope: 'global',
            frequency: { minutes: task.minutes },
            timeout: { minutes: 10 },
            initialDelay: { seconds: task.delaySeconds },
            fn: async () => {
              await task.run();
            },
          });
        }

        deps.httpRouter.use(
          await createRouter({
            knex,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            router,
            slo,
            docs,
            oncall,
            metrics,
            catalog: orgCatalog,
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
