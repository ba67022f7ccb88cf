import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { ownershipAlertRespondPermission } from '@steward/plugin-ownership-common';
import express from 'express';
import { Knex } from 'knex';
import { z } from 'zod';
import { readDecisions } from '../../database/operations/readDecisions';
import { respondToDecision } from '../../database/operations/respondToDecision';
import { authorizeUser } from '../authorize';
import { parseRequest, rowIdParams } from '../parseRequest';

const actionedBody = z
  .object({ actioned: z.boolean().default(true) })
  .strict()
  .default({});

/**
 * `POST /v1/routing/decisions/:id/acknowledge` and
 * `POST /v1/routing/decisions/:id/actioned` (body `{"actioned": bool}`):
 * a responder's answer to a routed alert, for MTTA and alert hygiene.
 */
export function postDecisionResponse(options: {
  knex: Knex;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  type: 'acknowledge' | 'action';
}): express.RequestHandler {
  return async (req, res) => {
    const { id } = parseRequest({
      schema: rowIdParams,
      value: req.params,
      what: 'path',
    });
    const response =
      options.type === 'acknowledge'
        ? { type: 'acknowledge' as const }
        : {
            type: 'action' as const,
            ...parseRequest({
              schema: actionedBody,
              value: req.body,
              what: 'body',
            }),
          };
    const credentials = await authorizeUser({
      ...options,
      req,
      permission: ownershipAlertRespondPermission,
    });
    const found = await respondToDecision(options.knex, {
      id,
      by: credentials.principal.userEntityRef,
      atMs: Date.now(),
      response,
    });
    if (!found) {
      throw new NotFoundError(`No routing decision ${id}`);
    }
    const [decision] = await readDecisions(options.knex, { id });
    res.json(decision);
  };
}
