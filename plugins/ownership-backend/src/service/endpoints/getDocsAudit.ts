import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { z } from 'zod';
import { DocsAuditService } from '../../docs/DocsAuditService';
import { entityRefParam, userQueryHandler } from '../parseRequest';

const query = z.object({ entityRef: entityRefParam('component') }).strict();

/** `GET /v1/docs/audit?entityRef=`: one Component's docs audit, now. */
export function getDocsAudit(options: {
  httpAuth: HttpAuthService;
  docs: DocsAuditService;
}): express.RequestHandler {
  return userQueryHandler({
    httpAuth: options.httpAuth,
    query,
    answer: ({ entityRef }, credentials) =>
      options.docs.auditEntity({ entityRef, credentials, nowMs: Date.now() }),
  });
}
