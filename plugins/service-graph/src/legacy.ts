import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { ServiceGraphClient } from '@steward/plugin-service-graph-common';
import { serviceGraphApiRef } from './apis';

const dependenciesRouteRef = createRouteRef({ id: 'service-graph' });

/**
 * The service-graph plugin for apps on Backstage's legacy frontend system.
 *
 * @public
 */
export const serviceGraphLegacyPlugin = createPlugin({
  id: 'service-graph',
  apis: [
    createApiFactory({
      api: serviceGraphApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ServiceGraphClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: dependenciesRouteRef },
});

/** The Dependencies tab, for `EntityLayout.Route` of a Component page. @public */
export const EntityDependenciesContent = serviceGraphLegacyPlugin.provide(
  createRoutableExtension({
    name: 'EntityDependenciesContent',
    mountPoint: dependenciesRouteRef,
    component: () =>
      import('./components/DependenciesContent').then(
        m => m.DependenciesContent,
      ),
  }),
);
