import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { OWNERSHIP_POSTMORTEM_RESOURCE_TYPE } from '@steward/plugin-ownership-common';
import { z } from 'zod';

/**
 * A postmortem as permission rules see it: its owning Group and that
 * Group's members, as the catalog relates them.
 *
 * @public
 */
export type PostmortemResource = {
  id: number;
  ownerRef: string;
  memberRefs: string[];
};

/**
 * Criteria a rule turns into: the claims (user and group refs) that match.
 *
 * @public
 */
export type PostmortemQuery = { ownerOrMemberIn: string[] };

/** @public */
export const postmortemPermissionResourceRef = createPermissionResourceRef<
  PostmortemResource,
  PostmortemQuery
>().with({
  pluginId: 'ownership',
  resourceType: OWNERSHIP_POSTMORTEM_RESOURCE_TYPE,
});

type Claims = { claims: string[] };

const claimsParams = z.object({ claims: z.array(z.string()) }).strict();

const CLAIMS_JSON_SCHEMA = {
  type: 'object',
  properties: {
    claims: {
      type: 'array',
      items: { type: 'string' },
      description: "The user's ownership entity refs: their user and groups",
    },
  },
  required: ['claims'],
  additionalProperties: false,
};

/**
 * The rule's parameters as a Standard Schema with its JSON Schema, which the
 * permission framework asks for; written out because this repository's zod
 * (v3) does not provide the JSON Schema side.
 */
const claimsSchema = {
  '~standard': {
    version: 1 as const,
    vendor: 'steward',
    validate: (value: unknown) => {
      const parsed = claimsParams.safeParse(value);
      return parsed.success
        ? { value: parsed.data }
        : {
            issues: parsed.error.issues.map(i => ({
              message: i.message,
              path: i.path,
            })),
          };
    },
    jsonSchema: {
      input: () => CLAIMS_JSON_SCHEMA,
      output: () => CLAIMS_JSON_SCHEMA,
    },
  },
};

/**
 * "Is a member of the owning team": one of the claims (pass the user's
 * `ownershipEntityRefs`) is the owning Group itself or one of its members.
 */
const isOwningTeamMember = createPermissionRule<
  typeof postmortemPermissionResourceRef,
  Claims
>({
  name: 'IS_OWNING_TEAM_MEMBER',
  description:
    'Allow postmortems whose owning Group is, or has as a member, one of the claims',
  resourceRef: postmortemPermissionResourceRef,
  paramsSchema: claimsSchema,
  apply: (resource, { claims }) =>
    claims.some(
      claim =>
        claim === resource.ownerRef || resource.memberRefs.includes(claim),
    ),
  toQuery: ({ claims }) => ({ ownerOrMemberIn: claims }),
});

/** @public */
export const postmortemPermissionRules = { isOwningTeamMember };

/**
 * For permission policies: `postmortemConditions.isOwningTeamMember({ claims:
 * user.identity.ownershipEntityRefs })` inside
 * `createPostmortemConditionalDecision(permission, ...)`.
 *
 * @public
 */
export const {
  conditions: postmortemConditions,
  createConditionalDecision: createPostmortemConditionalDecision,
} = createConditionExports({
  resourceRef: postmortemPermissionResourceRef,
  rules: postmortemPermissionRules,
});
