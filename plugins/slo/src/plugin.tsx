import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { sloApi } from './apis';

const sloEntityContent = EntityContentBlueprint.make({
  params: {
    path: '/slos',
    title: 'SLOs',
    filter: 'kind:component',
    loader: () => import('./components/SloContent').then(m => <m.SloContent />),
  },
});

const sloSummaryCard = EntityCardBlueprint.make({
  name: 'summary',
  params: {
    filter: 'kind:component',
    loader: () =>
      import('./components/SloSummaryCard').then(m => <m.SloSummaryCard />),
  },
});

const teamScorecardContent = EntityContentBlueprint.make({
  name: 'scorecard',
  params: {
    path: '/slo-scorecard',
    title: 'SLO scorecard',
    filter: 'kind:group',
    loader: () =>
      import('./components/TeamScorecard').then(m => <m.TeamScorecard />),
  },
});

/**
 * The SLOs frontend plugin for Backstage's new frontend system.
 *
 * @public
 */
export const sloPlugin = createFrontendPlugin({
  pluginId: 'slo',
  extensions: [sloApi, sloEntityContent, sloSummaryCard, teamScorecardContent],
});
