import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { Knex } from 'knex';
import { AlertRouter } from '../routing/AlertRouter';
import { getDecisions } from './endpoints/getDecisions';
import { postAlertmanager } from './endpoints/postAlertmanager';

export async function createRouter(options: {
  knex: Knex;
  httpAuth: HttpAuthService;
  router: AlertRouter;
}): Promise<express.Router> {
  const { knex } = options;
  const router = Router();
  router.use(express.json({ limit: '2mb' }));

  router.get('/health', async (_req, res) => {
    await knex.raw('select 1');
    res.json({ status: 'ok' });
  });
  router.post('/v1/alerts/alertmanager', postAlertmanager(options));
  router.get('/v1/routing/decisions', getDecisions({ knex }));
  return router;
}
