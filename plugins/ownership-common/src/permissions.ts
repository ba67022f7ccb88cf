import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The resource type of postmortems in the permission framework: policies
 * get conditional decisions on it, resolved by the ownership backend.
 *
 * @public
 */
export const OWNERSHIP_POSTMORTEM_RESOURCE_TYPE = 'ownership-postmortem';

/**
 * Writing a new postmortem. Not tied to a resource: the postmortem does not
 * exist yet; the owning team is checked on every later edit.
 *
 * @public
 */
export const ownershipPostmortemCreatePermission = createPermission({
  name: 'ownership.postmortem.create',
  attributes: { action: 'create' },
});

/**
 * Editing a postmortem. A policy may answer with the condition "is a member
 * of the owning team", which the backend applies to the postmortem.
 *
 * @public
 */
export const ownershipPostmortemUpdatePermission = createPermission({
  name: 'ownership.postmortem.update',
  attributes: { action: 'update' },
  resourceType: OWNERSHIP_POSTMORTEM_RESOURCE_TYPE,
});

/** @public */
export const ownershipPostmortemDeletePermission = createPermission({
  name: 'ownership.postmortem.delete',
  attributes: { action: 'delete' },
  resourceType: OWNERSHIP_POSTMORTEM_RESOURCE_TYPE,
});

/**
 * Acknowledging a routed alert or marking it actioned.
 *
 * @public
 */
export const ownershipAlertRespondPermission = createPermission({
  name: 'ownership.alert.respond',
  attributes: { action: 'update' },
});

/** @public */
export const ownershipPermissions = [
  ownershipPostmortemCreatePermission,
  ownershipPostmortemUpdatePermission,
  ownershipPostmortemDeletePermission,
  ownershipAlertRespondPermission,
];
