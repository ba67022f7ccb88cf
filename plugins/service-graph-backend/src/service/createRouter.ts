import { AuthService, HttpAuthService } from '@backstage/backend-plugin-api';
import { NotImplementedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import Router from 'express-promise-router';
import { Knex } from 'knex';
import { ServiceGraphConfig } from '../config';
import { ClosedSumsCache } from '../database/ClosedSumsCache';
import { IngestPipeline } from '../ingest/IngestPipeline';
import { ServiceGraphQueries } from '../queries/ServiceGraphQueries';
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
  queries: ServiceGraphQueries;
  traceSource: TraceSource;
  auth: AuthService;
  catalog: CatalogService;
}): Promise<express.Router> {
  const {
    knex,
    config,
    httpAuth,
    pipeline,
    queries,
    traceSource,
    auth,
    catalog,
  } = options;
  const router = Router();

  // The receiver reads its own body: it may be protobuf, gzip, or too large.
  router.post('/v1/traces', postTraces(options));
  router.use('/v1/traces', otlpErrorHandler());

  router.get('/health', async (_req, res) => {
    await knex.raw('select 1');
    res.json({ status: 'ok' });
  });
  router.get('/v1/dependencies', getDependencies({ queries }));
  router.get('/v1/red', getRed({ queries }));
  router.get('/v1/operations', getOperations({ queries }));
  router.get('/v1/edges', getEdge({ queries }));
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
    getCatalogRelations({ queries, config, catalog, auth }),
  );
  router.get(
    '/v1/drift',
    getDrift({ queries, config, catalog, auth, httpAuth }),
  );
  if (config.source.type === 'database') {
    router.post(
      '/v1/sli/windows',
      // Not strict: a body of `true` or `[]` then fails the schema's check,
      // which names the body, instead of body-parser's misleading message.
      express.json({ limit: '5mb', strict: false }),
      postSliWindows({ knex, config, cache: ClosedSumsCache.create() }),
    );
  } else {
    // Exact threshold counts exist only in the database; the SLO backend
    // counts trace-based SLIs from the same Prometheus instead.
    router.post('/v1/sli/windows', () => {
      throw new NotImplementedError(
        'SLI windows are not served when serviceGraph.source is prometheus: the SLO backend counts trace-based SLIs from the spanmetrics connector in Prometheus',
      );
    });
  }
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
