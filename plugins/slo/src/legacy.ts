import {
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  createRouteRef,
} from '@backstage/core-plugin-api';
import { sloApiFactory } from './apis';

const sloRouteRef = createRouteRef({ id: 'slo' });

/**
 * The SLO plugin for apps on Backstage's legacy frontend system.
 *
 * @public
 */
export const sloLegacyPlugin = createPlugin({
  id: 'slo',
  apis: [sloApiFactory],
  routes: { root: sloRouteRef },
});

/** The SLOs tab, for `EntityLayout.Route` of a Component page. @public */
export const EntitySloContent = sloLegacyPlugin.provide(
  createRoutableExtension({
    name: 'EntitySloContent',
    mountPoint: sloRouteRef,
    component: () => import('./components/SloContent').then(m => m.SloContent),
  }),
);

/** The SLO summary card with the release gate. @public */
export const EntitySloSummaryCard = sloLegacyPlugin.provide(
  createComponentExtension({
    name: 'EntitySloSummaryCard',
    component: {
      lazy: () =>
        import('./components/SloSummaryCard').then(m => m.SloSummaryCard),
    },
  }),
);

/** A Group's SLO scorecard per quarter. @public */
export const EntityTeamSloScorecard = sloLegacyPlugin.provide(
  createComponentExtension({
    name: 'EntityTeamSloScorecard',
    component: {
      lazy: () =>
        import('./components/TeamScorecard').then(m => m.TeamScorecard),
    },
  }),
);
