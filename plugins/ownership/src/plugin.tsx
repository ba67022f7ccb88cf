import {
  createFrontendPlugin,
  createRouteRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import SvgIcon from '@mui/material/SvgIcon';
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

const orgOverviewRouteRef = createRouteRef();

const orgOverviewPage = PageBlueprint.make({
  name: 'org-overview',
  params: {
    path: '/org-overview',
    title: 'Org overview',
    // A line chart, drawn here so that the plugin needs no icon package.
    icon: (
      <SvgIcon>
        <path d="M3 3h2v16h16v2H3zm4 12 4-5 3 3 5-7 1.6 1.2-6.4 9-3-3-2.6 3.2z" />
      </SvgIcon>
    ),
    routeRef: orgOverviewRouteRef,
    loader: () =>
      import('./org/OrgOverviewPage').then(m => <m.OrgOverviewPage />),
  },
});

const ownerCard = EntityCardBlueprint.make({
  name: 'owner',
  params: {
    filter: 'kind:component',
    loader: () => import('./components/OwnerCard').then(m => <m.OwnerCard />),
  },
});

const docsHealthCard = EntityCardBlueprint.make({
  name: 'docs-health',
  params: {
    filter: 'kind:component',
    loader: () =>
      import('./components/DocsHealthCard').then(m => <m.DocsHealthCard />),
  },
});

/**
 * The Ownership frontend plugin for Backstage's new frontend system.
 *
 * @public
 */
export const ownershipPlugin = createFrontendPlugin({
  pluginId: 'ownership',
  routes: { orgOverview: orgOverviewRouteRef },
  extensions: [
    ownershipApi,
    ownershipEntityContent,
    onCallEntityContent,
    postmortemsEntityContent,
    teamHealthContent,
    orgOverviewPage,
    ownerCard,
    docsHealthCard,
  ],
});
