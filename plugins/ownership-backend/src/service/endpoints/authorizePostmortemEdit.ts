import {
  BackstageCredentials,
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import express from 'express';
import { Knex } from 'knex';
import {
  readPostmortems,
  StoredPostmortem,
} from '../../database/operations/readPostmortems';
import { authorizeUser } from '../authorize';
import { parseRequest, rowIdParams } from '../parseRequest';

/**
 * The postmortem named by the path (404 when there is none) and the user,
 * once the permission framework allows them `permission` on it.
 */
export async function authorizePostmortemEdit(options: {
  req: express.Request;
  knex: Knex;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  permission: ResourcePermission;
}): Promise<{
  existing: StoredPostmortem;
  credentials: BackstageCredentials<BackstageUserPrincipal>;
}> {
  const { id } = parseRequest({
    schema: rowIdParams,
    value: options.req.params,
    what: 'path',
  });
  const [existing] = await readPostmortems(options.knex, { ids: [id] });
  if (!existing) {
    throw new NotFoundError(`No postmortem ${id}`);
  }
  const credentials = await authorizeUser({
    ...options,
    resourceRef: String(id),
  });
  return { existing, credentials };
}
