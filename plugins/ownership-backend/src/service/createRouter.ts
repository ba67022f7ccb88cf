import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { SloApi } from '@steward/plugin-slo-common';
import express from 'express';
import Router from 'express-promise-router';
import { Knex } from 'knex';
import { OrgCatalog } from '../catalog/OrgCatalog';
import { DocsAuditService } from '../docs/DocsAuditService';
import { OrgMetricsService } from '../metrics/OrgMetricsService';
import { OnCallService } from '../oncall/OnCallService';
import { AlertRouter } from '../routing/AlertRouter';
import { deletePostmortem } from './endpoints/deletePostmortem';
import { getDecisions } from './endpoints/getDecisions';
import { getDocsAudit, getTeamDocsAudit } from './endpoints/getDocsAudit';
import { getDocsAuditHistory } from './endpoints/getDocsAuditHistory';
import { getEscalation } from './endpoints/getEscalation';
import { getEscalationPolicyConfig } from './endpoints/getEscalationPolicyConfig';
import { getHygiene } from './endpoints/getHygiene';
import { getOnCall } from './endpoints/getOnCall';
import { getOrgMetrics } from './endpoints/getOrgMetrics';
import { getPostmortem } from './endpoints/getPostmortem';
import { getPostmortemStats } from './endpoints/getPostmortemStats';
import { getPostmortems } from './endpoints/getPostmortems';
import { getRotationHealth } from './endpoints/getRotationHealth';
import { postAlertmanager } from './endpoints/postAlertmanager';
import { postDecisionResponse } from './endpoints/postDecisionResponse';
import { postPostmortem } from './endpoints/postPostmortem';
import { putPostmortem } from './endpoints/putPostmortem';

export async function createRouter(options: {
  knex: Knex;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  router: AlertRouter;
  docs: DocsAuditService;
  oncall: OnCallService;
  metrics: OrgMetricsService;
  catalog: OrgCatalog;
  slo: SloApi;
}): Promise<express.Router> {
  const { knex } = options;
  const router = Router();
  // Not strict: a body of `true` or `"x"` then fails the endpoint's schema,
  // which names the body, instead of body-parser's "not valid JSON".
  router.use(express.json({ limit: '2mb', strict: false }));

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
  router.get(
    '/v1/config/escalation-policy',
    getEscalationPolicyConfig(options),
  );
  router.post(
    '/v1/routing/decisions/:id/acknowledge',
    postDecisionResponse({ ...options, type: 'acknowledge' }),
  );
  router.post(
    '/v1/routing/decisions/:id/actioned',
    postDecisionResponse({ ...options, type: 'action' }),
  );
  router.get('/v1/hygiene', getHygiene({ knex }));
  router.get('/v1/metrics/org', getOrgMetrics(options));
  router.get('/v1/postmortems', getPostmortems({ knex }));
  router.get('/v1/postmortems/stats', getPostmortemStats({ knex }));
  router.post('/v1/postmortems', postPostmortem(options));
  router.get('/v1/postmortems/:id', getPostmortem({ knex }));
  router.put('/v1/postmortems/:id', putPostmortem(options));
  router.delete('/v1/postmortems/:id', deletePostmortem(options));
  return router;
}
