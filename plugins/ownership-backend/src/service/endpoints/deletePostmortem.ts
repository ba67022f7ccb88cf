import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ownershipPostmortemDeletePermission } from '@steward/plugin-ownership-common';
import express from 'express';
import { Knex } from 'knex';
import { deletePostmortem as deleteRow } from '../../database/operations/deletePostmortem';
import { authorizePostmortemEdit } from './authorizePostmortemEdit';

/** `DELETE /v1/postmortems/:id`: the same rule as editing. */
export function deletePostmortem(options: {
  knex: Knex;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): express.RequestHandler {
  return async (req, res) => {
    const { existing } = await authorizePostmortemEdit({
      ...options,
      req,
      permission: ownershipPostmortemDeletePermission,
    });
    await deleteRow(options.knex, { id: existing.id });
    res.status(204).end();
  };
}
