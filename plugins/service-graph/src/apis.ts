import {
  ApiBlueprint,
  createApiFactory,
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

/**
 * The client over Backstage's discovery and fetch APIs: one factory for the
 * new frontend system's ApiBlueprint and the legacy plugin alike.
 */
export const serviceGraphApiFactory = createApiFactory({
  api: serviceGraphApiRef,
  deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
  factory: deps => new ServiceGraphClient(deps),
});

export const serviceGraphApi = ApiBlueprint.make({
  params: defineParams => defineParams(serviceGraphApiFactory),
});
