import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { z } from 'zod';
import { DocsAuditService } from '../../docs/DocsAuditService';
import { entityRefParam, parseRequest } from '../parseRequest';

const query = z.object({ entityRef: entityRefParam('component') }).strict();

/** `GET /v1/docs/audit?entityRef=`: one Component's docs audit, now. */
export function getDocsAudit(options: {
  httpAuth: HttpAuthService;
  docs: DocsAuditService;
}): express.RequestHandler {
  return async (req, res) => {
    const credentials = await options.httpAuth.credentials(req, {
      allow: ['user'],
    });
    const { entityRef } = parseRequest(query, req.query);
    res.json(
      await options.docs.auditEntity({
        entityRef,
        credentials,
        nowMs: Date.now(),
      }),
    );
  };
}
