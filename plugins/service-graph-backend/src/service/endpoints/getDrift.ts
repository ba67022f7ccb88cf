import { AuthService, HttpAuthService } from '@backstage/backend-plugin-api';
import {
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  computeDrift,
  DriftResponse,
  mapObservedEdges,
} from '@steward/plugin-service-graph-common';
import express from 'express';
import { z } from 'zod';
import {
  readCatalogServices,
  toCatalogServiceEntity,
} from '../../catalog/readCatalogServices';
import { ServiceGraphConfig } from '../../config';
import { ServiceGraphQueries } from '../../queries/ServiceGraphQueries';
import { duration, parseQuery, rangeAnswer } from '../query';

const ENTITY_REF_PARTS = makeValidator();

const entityRef = z
  .string()
  .max(1024)
  .transform((value, ctx) => {
    let ref;
    try {
      ref = parseEntityRef(value, {
        defaultKind: 'component',
        defaultNamespace: 'default',
      });
      // Checked here: the catalog refuses a malformed name with a 400 that
      // would not say which parameter held it.
      if (
        !ENTITY_REF_PARTS.isValidNamespace(ref.namespace) ||
        !ENTITY_REF_PARTS.isValidEntityName(ref.name)
      ) {
        throw new Error('malformed');
      }
    } catch {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'must be an entity ref such as component:default/checkout',
      });
      return z.NEVER;
    }
    const kind = ref.kind.toLocaleLowerCase('en-US');
    if (kind !== 'component' && kind !== 'resource') {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'must name a Component or Resource',
      });
      return z.NEVER;
    }
    return stringifyEntityRef(ref);
  });

const driftQuery = z
  .object({ entityRef, window: duration.optional() })
  .strict();

/**
 * `GET /v1/drift?entityRef&window`: an entity's declared dependencies
 * against those observed over the window (by default
 * `serviceGraph.catalog.window`).
 */
export function getDrift(options: {
  queries: ServiceGraphQueries;
  config: ServiceGraphConfig;
  catalog: CatalogService;
  auth: AuthService;
  httpAuth: HttpAuthService;
}): express.RequestHandler {
  return async (req, res) => {
    const query = parseQuery(driftQuery, req.query);
    // The caller's access decides whether the entity exists for them.
    const entity = await options.catalog.getEntityByRef(query.entityRef, {
      credentials: await options.httpAuth.credentials(req),
    });
    if (!entity) {
      throw new NotFoundError(`No entity ${query.entityRef}`);
    }
    const subject = toCatalogServiceEntity(entity);

    const nowMs = Date.now();
    const range = options.queries.resolveRange({
      from: nowMs - (query.window ?? options.config.catalog.windowMs),
      to: nowMs,
      nowMs,
    });
    const edges = await options.queries.readEdges({
      range,
      client: subject.serviceName,
    });
    // Only the entities that could claim these names matter, including rivals
    // for the subject's own name; they are resolved as the relations
    // endpoint would resolve them.
    const entities = await readCatalogServices({
      catalog: options.catalog,
      credentials: await options.auth.getOwnServiceCredentials(),
      serviceNames: [subject.serviceName, ...edges.map(e => e.child)],
    });
    const { relations } = mapObservedEdges({ entities, edges });

    const body: DriftResponse = {
      ...rangeAnswer(range),
      ...computeDrift({
        entityRef: subject.entityRef,
        declared: subject.declared,
        observed: relations
          .filter(r => r.source === subject.entityRef)
          .map(r => r.target),
      }),
    };
    res.json(body);
  };
}
