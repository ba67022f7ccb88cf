import {
  ApiBlueprint,
  createApiFactory,
  createApiRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { SloApi, SloClient } from '@steward/plugin-slo-common';

/** @public */
export const sloApiRef = createApiRef<SloApi>({
  id: 'plugin.slo.api',
});

/**
 * The client over Backstage's discovery and fetch APIs: one factory for the
 * new frontend system's ApiBlueprint and the legacy plugin alike.
 */
export const sloApiFactory = createApiFactory({
  api: sloApiRef,
  deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
  factory: deps => new SloClient(deps),
});

export const sloApi = ApiBlueprint.make({
  params: defineParams => defineParams(sloApiFactory),
});
