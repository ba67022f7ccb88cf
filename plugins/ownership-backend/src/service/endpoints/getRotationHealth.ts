import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { z } from 'zod';
import { OnCallService } from '../../oncall/OnCallService';
import { entityRefParam, userQueryHandler } from '../parseRequest';

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
  return userQueryHandler({
    httpAuth: options.httpAuth,
    query,
    answer: ({ groupRef }, credentials) =>
      options.oncall.health({ groupRef, credentials }),
  });
}
