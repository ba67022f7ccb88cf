import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
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

const onCallEntityContent = EntityContentBlueprint.make({
  name: 'oncall',
  params: {
    path: '/oncall',
    title: 'On-call',
    filter: 'kind:component',
    loader: () =>
      import('./components/OnCallContent').then(m => <m.OnCallContent />),
  },
});

const postmortemsEntityContent = EntityContentBlueprint.make({
  name: 'postmortems',
  params: {
    path: '/postmortems',
    title: 'Postmortems',
    filter: 'kind:component',
    loader: () =>
      import('./postmortems/PostmortemsContent').then(m => (
        <m.PostmortemsContent />
      )),
  },
});

const teamHealthContent = EntityContentBlueprint.make({
  name: 'team-health',
  params: {
    path: '/team-health',
    title: 'Team health',
    filter: 'kind:group',
    loader: () =>
      import('./team/TeamHealthContent').then(m => <m.TeamHealthContent />),
  },
});

const ownerCard = EntityCardBlueprint.make({
  name: 'owner',
  params: {
    filter: 'kind:component',
    loader: () => import('./components/OwnerCard').then(m => <m.OwnerCard />),
  },
});

/**
 * The Ownership frontend plugin for Backstage's new frontend system.
 *
 * @public
 */
export const ownershipPlugin = createFrontendPlugin({
  pluginId: 'ownership',
  extensions: [
    ownershipApi,
    ownershipEntityContent,
    onCallEntityContent,
    postmortemsEntityContent,
    teamHealthContent,
    ownerCard,
  ],
});
