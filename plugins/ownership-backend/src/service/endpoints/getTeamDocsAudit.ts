import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { z } from 'zod';
import { DocsAuditService } from '../../docs/DocsAuditService';
import { entityRefParam, parseRequest } from '../parseRequest';

const query = z.object({ groupRef: entityRefParam('group') }).strict();

/** `GET /v1/docs/audit/team?groupRef=`: the audits of every Component a Group owns. */
export function getTeamDocsAudit(options: {
  httpAuth: HttpAuthService;
  docs: DocsAuditService;
}): express.RequestHandler {
  return async (req, res) => {
    const credentials = await options.httpAuth.credentials(req, {
      allow: ['user'],
    });
    const { groupRef } = parseRequest(query, req.query);
    res.json(
      await options.docs.auditTeam({
        groupRef,
        credentials,
        nowMs: Date.now(),
      }),
    );
  };
}
