import {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import { z } from 'zod';
import { DocsAuditService } from '../../docs/DocsAuditService';
import { entityRefParam, userQueryHandler } from '../parseRequest';

/**
 * A docs audit endpoint: one ref in the query, the audit as of now in the
 * answer, read with the caller's credentials.
 */
function docsAuditEndpoint<Q>(
  query: z.ZodType<Q, z.ZodTypeDef, unknown>,
  audit: (
    docs: DocsAuditService,
    q: Q & { credentials: BackstageCredentials; nowMs: number },
  ) => Promise<unknown>,
) {
  return (options: {
    httpAuth: HttpAuthService;
    docs: DocsAuditService;
  }): express.RequestHandler =>
    userQueryHandler({
      httpAuth: options.httpAuth,
      query,
      answer: (q, credentials) =>
        audit(options.docs, { ...q, credentials, nowMs: Date.now() }),
    });
}

/** `GET /v1/docs/audit?entityRef=`: one Component's docs audit, now. */
export const getDocsAudit = docsAuditEndpoint(
  z.object({ entityRef: entityRefParam('component') }).strict(),
  (docs, q) => docs.auditEntity(q),
);

/** `GET /v1/docs/audit/team?groupRef=`: the audits of every Component a Group owns. */
export const getTeamDocsAudit = docsAuditEndpoint(
  z.object({ groupRef: entityRefParam('group') }).strict(),
  (docs, q) => docs.auditTeam(q),
);
