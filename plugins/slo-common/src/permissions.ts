import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Recording a deploy: pipelines do it with a service token, people through
 * the permission framework.
 *
 * @public
 */
export const sloDeployCreatePermission = createPermission({
  name: 'slo.deploy.create',
  attributes: { action: 'create' },
});

/** @public */
export const sloPermissions = [sloDeployCreatePermission];
