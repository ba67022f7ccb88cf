import {
  ApiBlueprint,
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

export const ownershipApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: ownershipApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new OwnershipClient({ discoveryApi, fetchApi }),
    }),
});
