import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ServiceGraphApi } from '@steward/plugin-service-graph-common';
import express from 'express';
import Router from 'express-promise-router';
import { Knex } from 'knex';
import { SloConfig } from '../config';
import { getDeploys, postDeploy } from './endpoints/deploys';
import { getAlerts } from './endpoints/getAlerts';
import {
  getGrafanaDashboard,
  getPrometheusRules,
} from './endpoints/generators';
import { getEntitySlos } from './endpoints/getEntitySlos';
import { getGate } from './endpoints/getGate';
import { getScorecard } from './endpoints/getScorecard';
import { getSlo } from './endpoints/getSlo';
import { listSlos } from './endpoints/listSlos';

export async function createRouter(options: {
  knex: Knex;
  config: SloConfig;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  serviceGraph: ServiceGraphApi;
}): Promise<express.Router> {
  const { knex, config } = options;
  const router = Router();
  // Not strict: a body of `true` or `"x"` then fails the endpoint's schema,
  // which names the body, instead of body-parser's "not valid JSON".
  router.use(express.json({ limit: '64kb', strict: false }));

  router.get('/health', async (_req, res) => {
    await knex.raw('select 1');
    res.json({ status: 'ok' });
  });
  router.get('/v1/slos', listSlos({ knex }));
  router.get('/v1/slos/:namespace/:name', getSlo({ ...options }));
  router.get(
    '/v1/slos/:namespace/:name/prometheus-rules',
    getPrometheusRules({ knex, config }),
  );
  router.get('/v1/dashboards/grafana', getGrafanaDashboard({ knex }));
  router.get('/v1/gate', getGate({ knex }));
  router.get('/v1/entity-slos', getEntitySlos(options));
  router.post('/v1/deploys', postDeploy(options));
  router.get('/v1/deploys', getDeploys({ knex, config }));
  router.get('/v1/alerts', getAlerts({ knex }));
  router.get('/v1/scorecards', getScorecard({ knex, config }));
  return router;
}
