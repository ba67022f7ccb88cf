import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { sloApi } from './apis';

const sloEntityContent = EntityContentBlueprint.make({
  params: {
    path: '/slos',
    title: 'SLOs',
    filter: 'kind:component',
    loader: () => import('./components/SloContent').then(m => <m.SloContent />),
  },
});

/**
 * The SLOs frontend plugin for Backstage's new frontend system.
 *
 * @public
 */
export const sloPlugin = createFrontendPlugin({
  pluginId: 'slo',
  extensions: [sloApi, sloEntityContent],
});
