import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { ownershipPostmortemDeletePermission } from '@steward/plugin-ownership-common';
import express from 'express';
import { Knex } from 'knex';
import { deletePostmortem as deleteRow } from '../../database/operations/deletePostmortem';
import { readPostmortems } from '../../database/operations/readPostmortems';
import { authorizeUser } from '../authorize';
import { parseRequest } from '../parseRequest';
import { postmortemParams } from './getPostmortem';

/** `DELETE /v1/postmortems/:id`: the same rule as editing. */
export function deletePostmortem(options: {
  knex: Knex;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): express.RequestHandler {
  return async (req, res) => {
    const { id } = parseRequest({
      schema: postmortemParams,
      value: req.params,
      what: 'path',
    });
    const [existing] = await readPostmortems(options.knex, { ids: [id] });
    if (!existing) {
      throw new NotFoundError(`No postmortem ${id}`);
    }
    await authorizeUser({
      ...options,
      req,
      permission: ownershipPostmortemDeletePermission,
      resourceRef: String(id),
    });
    await deleteRow(options.knex, { id });
    res.status(204).end();
  };
}
