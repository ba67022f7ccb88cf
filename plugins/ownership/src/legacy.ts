import {
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  createRouteRef,
} from '@backstage/core-plugin-api';
import { ownershipApiFactory } from './apis';

const ownershipRouteRef = createRouteRef({ id: 'ownership' });
const orgOverviewRouteRef = createRouteRef({ id: 'ownership-org-overview' });

/**
 * The Ownership plugin for apps on Backstage's legacy frontend system.
 *
 * @public
 */
export const ownershipLegacyPlugin = createPlugin({
  id: 'ownership',
  apis: [ownershipApiFactory],
  routes: { root: ownershipRouteRef, orgOverview: orgOverviewRouteRef },
});

/** The Ownership tab, for `EntityLayout.Route` of a Component page. @public */
export const EntityOwnershipContent = ownershipLegacyPlugin.provide(
  createRoutableExtension({
    name: 'EntityOwnershipContent',
    mountPoint: ownershipRouteRef,
    component: () =>
      import('./components/OwnershipContent').then(m => m.OwnershipContent),
  }),
);

/** The owner and on-call card. @public */
export const EntityOwnerCard = ownershipLegacyPlugin.provide(
  createComponentExtension({
    name: 'EntityOwnerCard',
    component: {
      lazy: () => import('./components/OwnerCard').then(m => m.OwnerCard),
    },
  }),
);

/** The docs health card: audit score, findings, last review. @public */
export const EntityDocsHealthCard = ownershipLegacyPlugin.provide(
  createComponentExtension({
    name: 'EntityDocsHealthCard',
    component: {
      lazy: () =>
        import('./components/DocsHealthCard').then(m => m.DocsHealthCard),
    },
  }),
);

/** The On-call tab, for `EntityLayout.Route` of a Component page. @public */
export const EntityOnCallContent = ownershipLegacyPlugin.provide(
  createRoutableExtension({
    name: 'EntityOnCallContent',
    mountPoint: ownershipRouteRef,
    component: () =>
      import('./components/OnCallContent').then(m => m.OnCallContent),
  }),
);

/** The Postmortems tab: list and form. @public */
export const EntityPostmortemsContent = ownershipLegacyPlugin.provide(
  createRoutableExtension({
    name: 'EntityPostmortemsContent',
    mountPoint: ownershipRouteRef,
    component: () =>
      import('./postmortems/PostmortemsContent').then(
        m => m.PostmortemsContent,
      ),
  }),
);

/** The Group page's Team health tab: alert hygiene and docs health. @public */
export const EntityTeamHealthContent = ownershipLegacyPlugin.provide(
  createRoutableExtension({
    name: 'EntityTeamHealthContent',
    mountPoint: ownershipRouteRef,
    component: () =>
      import('./team/TeamHealthContent').then(m => m.TeamHealthContent),
  }),
);

/** The org overview page, for a `<Route path="/org-overview">`. @public */
export const OrgOverviewPage = ownershipLegacyPlugin.provide(
  createRoutableExtension({
    name: 'OrgOverviewPage',
    mountPoint: orgOverviewRouteRef,
    component: () =>
      import('./org/OrgOverviewPage').then(m => m.OrgOverviewPage),
  }),
);
