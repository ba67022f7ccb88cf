import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { OnCallService } from '../../oncall/OnCallService';
import { groupOrEntityQuery, parseRequest } from '../parseRequest';

/**
 * `GET /v1/oncall/escalation?groupRef|entityRef&at=`: the escalation
 * policy of a Group or of the Group owning an entity, steps in minutes since
 * the alert.
 */
export function getEscalation(options: {
  httpAuth: HttpAuthService;
  oncall: OnCallService;
}): express.RequestHandler {
  return async (req, res) => {
    const credentials = await options.httpAuth.credentials(req, {
      allow: ['user'],
    });
    const q = parseRequest(groupOrEntityQuery, req.query);
    res.json(
      await options.oncall.escalation({
        ref: (q.groupRef ?? q.entityRef)!,
        atMs: q.at,
        credentials,
      }),
    );
  };
}
