import {
  ApiBlueprint,
  createApiRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  ServiceGraphApi,
  ServiceGraphClient,
} from '@steward/plugin-service-graph-common';

/** @public */
export const serviceGraphApiRef = createApiRef<ServiceGraphApi>({
  id: 'plugin.service-graph.api',
});

export const serviceGraphApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: serviceGraphApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ServiceGraphClient({ discoveryApi, fetchApi }),
    }),
});
