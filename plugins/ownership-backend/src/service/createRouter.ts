import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { Knex } from 'knex';
import { DocsAuditService } from '../docs/DocsAuditService';
import { OnCallService } from '../oncall/OnCallService';
import { AlertRouter } from '../routing/AlertRouter';
import { getDecisions } from './endpoints/getDecisions';
import { getDocsAudit } from './endpoints/getDocsAudit';
import { getDocsAuditHistory } from './endpoints/getDocsAuditHistory';
import { getEscalation } from './endpoints/getEscalation';
import { getOnCall } from './endpoints/getOnCall';
import { getRotationHealth } from './endpoints/getRotationHealth';
import { getTeamDocsAudit } from './endpoints/getTeamDocsAudit';
import { postAlertmanager } from './endpoints/postAlertmanager';

export async function createRouter(options: {
  knex: Knex;
  httpAuth: HttpAuthService;
  router: AlertRouter;
  docs: DocsAuditService;
  oncall: OnCallService;
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
  router.get('/v1/docs/audit', getDocsAudit(options));
  router.get('/v1/docs/audit/team', getTeamDocsAudit(options));
  router.get('/v1/docs/audit/history', getDocsAuditHistory(options));
  router.get('/v1/oncall', getOnCall(options));
  router.get('/v1/oncall/escalation', getEscalation(options));
  router.get('/v1/oncall/health', getRotationHealth(options));
  return router;
}
