import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { OnCallService } from '../../oncall/OnCallService';
import { groupOrEntityQuery, userQueryHandler } from '../parseRequest';

/**
 * `GET /v1/oncall/escalation?groupRef|entityRef&at=`: the escalation
 * policy of a Group or of the Group owning an entity, steps in minutes since
 * the alert.
 */
export function getEscalation(options: {
  httpAuth: HttpAuthService;
  oncall: OnCallService;
}): express.RequestHandler {
  return userQueryHandler({
    httpAuth: options.httpAuth,
    query: groupOrEntityQuery,
    answer: ({ ref, at }, credentials) =>
      options.oncall.escalation({ ref, atMs: at, credentials }),
  });
}
