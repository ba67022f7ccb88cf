import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { z } from 'zod';
import { DocsAuditService } from '../../docs/DocsAuditService';
import { entityRefParam, userQueryHandler } from '../parseRequest';

const query = z.object({ groupRef: entityRefParam('group') }).strict();

/** `GET /v1/docs/audit/team?groupRef=`: the audits of every Component a Group owns. */
export function getTeamDocsAudit(options: {
  httpAuth: HttpAuthService;
  docs: DocsAuditService;
}): express.RequestHandler {
  return userQueryHandler({
    httpAuth: options.httpAuth,
    query,
    answer: ({ groupRef }, credentials) =>
      options.docs.auditTeam({ groupRef, credentials, nowMs: Date.now() }),
  });
}
