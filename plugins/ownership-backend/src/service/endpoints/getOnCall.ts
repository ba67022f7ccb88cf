import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { OnCallService } from '../../oncall/OnCallService';
import { groupOrEntityQuery, parseRequest } from '../parseRequest';

/**
 * `GET /v1/oncall?groupRef|entityRef&at=`: who is on call now (or at `at`)
 * and next, per rotation or provider schedule, for a Group or the Group
 * owning an entity.
 */
export function getOnCall(options: {
  httpAuth: HttpAuthService;
  oncall: OnCallService;
}): express.RequestHandler {
  return async (req, res) => {
    const credentials = await options.httpAuth.credentials(req, {
      allow: ['user'],
    });
    const q = parseRequest(groupOrEntityQuery, req.query);
    res.json(
      await options.oncall.onCall({
        ref: (q.groupRef ?? q.entityRef)!,
        atMs: q.at,
        credentials,
      }),
    );
  };
}
