import { AuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CatalogRelationsResponse,
  mapObservedEdges,
} from '@steward/plugin-service-graph-common';
import express from 'express';
import { z } from 'zod';
import { readCatalogServices } from '../../catalog/readCatalogServices';
import { ServiceGraphConfig } from '../../config';
import { ServiceGraphQueries } from '../../queries/ServiceGraphQueries';
import { duration, parseQuery, rangeAnswer } from '../query';

const relationsQuery = z.object({ window: duration.optional() }).strict();

/**
 * `GET /v1/catalog/relations?window`: the edges observed over the window (by
 * default `serviceGraph.catalog.window`) as dependencies between catalog
 * entities, with the service names no entity claims.
 */
export function getCatalogRelations(options: {
  queries: ServiceGraphQueries;
  config: ServiceGraphConfig;
  catalog: CatalogService;
  auth: AuthService;
}): express.RequestHandler {
  return async (req, res) => {
    const query = parseQuery(relationsQuery, req.query);
    const nowMs = Date.now();
    const range = options.queries.resolveRange({
      from: nowMs - (query.window ?? options.config.catalog.windowMs),
      to: nowMs,
      nowMs,
    });
    // One answer serves every caller, the catalog among them, so it is read
    // with the plugin's own access rather than the caller's.
    const [edges, entities] = await Promise.all([
      options.queries.readEdges({ range }),
      readCatalogServices({
        catalog: options.catalog,
        credentials: await options.auth.getOwnServiceCredentials(),
      }),
    ]);
    const body: CatalogRelationsResponse = {
      ...rangeAnswer(range),
      ...mapObservedEdges({
        entities,
        edges,
      }),
    };
    res.json(body);
  };
}
