import {
  BackstageCredentials,
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import express from 'express';

/**
 * The signed-in user behind a write, once the permission framework allows
 * it; a refusal is a 403 naming the permission. Resource permissions are
 * decided for the resource named by `resourceRef`, so conditional policy
 * decisions are applied to it by this plugin's permission integration.
 */
export async function authorizeUser(options: {
  req: express.Request;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  permission: BasicPermission | ResourcePermission;
  resourceRef?: string;
}): Promise<BackstageCredentials<BackstageUserPrincipal>> {
  const credentials = await options.httpAuth.credentials(options.req, {
    allow: ['user'],
  });
  const request =
    options.permission.type === 'resource'
      ? { permission: options.permission, resourceRef: options.resourceRef! }
      : { permission: options.permission };
  const [decision] = await options.permissions.authorize([request], {
    credentials,
  });
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `${credentials.principal.userEntityRef} may not ${
        options.permission.attributes.action ?? 'do'
      } this (${options.permission.name}${
        options.resourceRef ? ` on ${options.resourceRef}` : ''
      })`,
    );
  }
  return credentials;
}
