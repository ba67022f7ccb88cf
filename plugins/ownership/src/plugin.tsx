import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { ownershipApi } from './apis';

const ownershipEntityContent = EntityContentBlueprint.make({
  params: {
    path: '/ownership',
    title: 'Ownership',
    filter: 'kind:component',
    loader: () =>
      import('./components/OwnershipContent').then(m => <m.OwnershipContent />),
  },
});

/**
 * The Ownership frontend plugin for Backstage's new frontend system.
 *
 * @public
 */
export const ownershipPlugin = createFrontendPlugin({
  pluginId: 'ownership',
  extensions: [ownershipApi, ownershipEntityContent],
});
