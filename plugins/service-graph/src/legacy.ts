import {
  createPlugin,
  createRoutableExtension,
  createRouteRef,
} from '@backstage/core-plugin-api';
import { serviceGraphApiFactory } from './apis';

const dependenciesRouteRef = createRouteRef({ id: 'service-graph' });

/**
 * The service-graph plugin for apps on Backstage's legacy frontend system.
 *
 * @public
 */
export const serviceGraphLegacyPlugin = createPlugin({
  id: 'service-graph',
  apis: [serviceGraphApiFactory],
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
