import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { serviceGraphApi } from './apis';

const dependenciesEntityContent = EntityContentBlueprint.make({
  params: {
    path: '/dependencies',
    title: 'Dependencies',
    filter: 'kind:component',
    loader: () =>
      import('./components/DependenciesContent').then(m => (
        <m.DependenciesContent />
      )),
  },
});

/**
 * The Dependencies frontend plugin for Backstage's new frontend system.
 *
 * @public
 */
export const serviceGraphPlugin = createFrontendPlugin({
  pluginId: 'service-graph',
  extensions: [serviceGraphApi, dependenciesEntityContent],
});
