import {
  ApiBlueprint,
  createApiFactory,
  createApiRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  OwnershipApi,
  OwnershipClient,
} from '@steward/plugin-ownership-common';

/** @public */
export const ownershipApiRef = createApiRef<OwnershipApi>({
  id: 'plugin.ownership.api',
});

/**
 * The client over Backstage's discovery and fetch APIs: one factory for the
 * new frontend system's ApiBlueprint and the legacy plugin alike.
 */
export const ownershipApiFactory = createApiFactory({
  api: ownershipApiRef,
  deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
  factory: deps => new OwnershipClient(deps),
});

export const ownershipApi = ApiBlueprint.make({
  params: defineParams => defineParams(ownershipApiFactory),
});
