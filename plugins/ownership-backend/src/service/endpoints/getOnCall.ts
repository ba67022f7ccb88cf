import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { OnCallService } from '../../oncall/OnCallService';
import { groupOrEntityQuery, userQueryHandler } from '../parseRequest';

/**
 * `GET /v1/oncall?groupRef|entityRef&at=`: who is on call now (or at `at`)
 * and next, per rotation or provider schedule, for a Group or the Group
 * owning an entity.
 */
export function getOnCall(options: {
  httpAuth: HttpAuthService;
  oncall: OnCallService;
}): express.RequestHandler {
  return userQueryHandler({
    httpAuth: options.httpAuth,
    query: groupOrEntityQuery,
    answer: ({ ref, at }, credentials) =>
      options.oncall.onCall({ ref, atMs: at, credentials }),
  });
}
