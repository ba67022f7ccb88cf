import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { z } from 'zod';
import { OnCallService } from '../../oncall/OnCallService';
import { entityRefParam, parseRequest } from '../parseRequest';

const query = z
  .object({ groupRef: entityRefParam('group').optional() })
  .strict();

/**
 * `GET /v1/oncall/health?groupRef=`: services and people per rotation, with
 * flags, for one Group or every Group.
 */
export function getRotationHealth(options: {
  httpAuth: HttpAuthService;
  oncall: OnCallService;
}): express.RequestHandler {
  return async (req, res) => {
    const credentials = await options.httpAuth.credentials(req, {
      allow: ['user'],
    });
    const { groupRef } = parseRequest(query, req.query);
    res.json(await options.oncall.health({ groupRef, credentials }));
  };
}
