import { AuthService, HttpAuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import Router from 'express-promise-router';
import { Knex } from 'knex';
import { ServiceGraphConfig } from '../config';
import { ClosedSumsCache } from '../database/ClosedSumsCache';
import { IngestPipeline } from '../ingest/IngestPipeline';
import { TraceSource } from '../traces/TraceSource';
import { getCatalogRelations } from './endpoints/getCatalogRelations';
import { getDependencies } from './endpoints/getDependencies';
import { getDrift } from './endpoints/getDrift';
import { getEdge } from './endpoints/getEdge';
import { getOperations } from './endpoints/getOperations';
import { getRed } from './endpoints/getRed';
import { getTrace } from './endpoints/getTrace';
import { otlpErrorHandler, postTraces } from './endpoints/postTraces';
import { postSliWindows } from './endpoints/postSliWindows';
import { searchTraces } from './endpoints/searchTraces';

export async function createRouter(options: {
  knex: Knex;
  config: ServiceGraphConfig;
  httpAuth: HttpAuthService;
  pipeline: IngestPipeline;
  traceSource: TraceSource;
  auth: AuthService;
  catalog: CatalogService;
}): Promise<express.Router> {
  const { knex, config, httpAuth, pipeline, traceSource, auth, catalog } =
    options;
  const router = Router();

  // The receiver reads its own body: it may be protobuf, gzip, or too large.
  router.post('/v1/traces', postTraces(options));
  router.use('/v1/traces', otlpErrorHandler());

  router.get('/health', async (_req, res) => {
    await knex.raw('select 1');
    res.json({ status: 'ok' });
  });
  router.get('/v1/dependencies', getDependencies({ knex, config }));
  router.get('/v1/red', getRed({ knex, config }));
  router.get('/v1/operations', getOperations({ knex, config }));
  router.get('/v1/edges', getEdge({ knex, config }));
  // The receiver's path admits unauthenticated requests (see plugin.ts), so
  // reading traces checks credentials itself.
  router.get(
    '/v1/traces',
    requireCredentials(httpAuth),
    searchTraces({ traceSource }),
  );
  router.get(
    '/v1/traces/:traceId',
    requireCredentials(httpAuth),
    getTrace({ traceSource }),
  );
  router.get(
    '/v1/catalog/relations',
    getCatalogRelations({ knex, config, catalog, auth }),
  );
  router.get('/v1/drift', getDrift({ knex, config, catalog, auth, httpAuth }));
  router.post(
    '/v1/sli/windows',
    // Not strict: a body of `true` or `[]` then fails the schema's check,
    // which names the body, instead of body-parser's misleading message.
    express.json({ limit: '5mb', strict: false }),
    postSliWindows({ knex, config, cache: ClosedSumsCache.create() }),
  );
  router.get('/v1/stats', async (_req, res) => {
    res.json(pipeline.getStats());
  });

  return router;
}

function requireCredentials(httpAuth: HttpAuthService): express.RequestHandler {
  return async (req, _res, next) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    next();
  };
}
