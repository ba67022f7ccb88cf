import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { z } from 'zod';
import { queryNumber } from '@steward/http-input';
import { DocsAuditService } from '../../docs/DocsAuditService';
import { entityRefParam, userQueryHandler } from '../parseRequest';

const query = z
  .object({
    entityRef: entityRefParam('component').optional(),
    groupRef: entityRefParam('group').optional(),
    days: queryNumber(
      z
        .number({ invalid_type_error: 'must be a number' })
        .int('must be a whole number of days')
        .min(1, 'must be at least 1')
        .max(3650, 'must be at most 3650'),
    ).default(90),
  })
  .strict()
  .refine(q => !(q.entityRef && q.groupRef), {
    message: 'give entityRef or groupRef, not both',
    path: ['entityRef'],
  });

/**
 * `GET /v1/docs/audit/history?entityRef|groupRef&days=90`: the docs score
 * at each scheduled audit, of one Component, a Group's Components, or all.
 */
export function getDocsAuditHistory(options: {
  httpAuth: HttpAuthService;
  docs: DocsAuditService;
}): express.RequestHandler {
  return userQueryHandler({
    httpAuth: options.httpAuth,
    query,
    answer: async q => ({
      entityRef: q.entityRef,
      groupRef: q.groupRef,
      points: await options.docs.history({
        entityRef: q.entityRef,
        groupRef: q.groupRef,
        fromMs: Date.now() - q.days * 86_400_000,
      }),
    }),
  });
}
