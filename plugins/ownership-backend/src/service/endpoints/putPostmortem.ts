import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ownershipPostmortemUpdatePermission } from '@steward/plugin-ownership-common';
import { SloApi } from '@steward/plugin-slo-common';
import express from 'express';
import { Knex } from 'knex';
import { z } from 'zod';
import { readPostmortems } from '../../database/operations/readPostmortems';
import { writePostmortem } from '../../database/operations/writePostmortem';
import { preparePostmortem } from '../../postmortems/preparePostmortem';
import { parseRequest } from '../parseRequest';
import { authorizePostmortemEdit } from './authorizePostmortemEdit';

const body = z.object({ document: z.record(z.unknown()) }).strict();

/**
 * `PUT /v1/postmortems/:id`: replaces the document. Allowed to members of
 * the owning team, or to whom the permission policy allows.
 */
export function putPostmortem(options: {
  knex: Knex;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  slo: SloApi;
}): express.RequestHandler {
  return async (req, res) => {
    const input = parseRequest({ schema: body, value: req.body, what: 'body' });
    const { existing, credentials } = await authorizePostmortemEdit({
      ...options,
      req,
      permission: ownershipPostmortemUpdatePermission,
    });
    const id = existing.id;
    const nowMs = Date.now();
    const prepared = await preparePostmortem({
      document: input.document,
      slo: options.slo,
      nowMs,
    });
    await writePostmortem(options.knex, {
      ...prepared,
      id,
      ownerRef: existing.ownerRef,
      by: credentials.principal.userEntityRef,
      atMs: nowMs,
    });
    const [stored] = await readPostmortems(options.knex, { ids: [id] });
    res.json(stored);
  };
}
