import { HttpAuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ESCALATION_PROVIDERS,
  groupEscalationPolicy,
} from '@steward/plugin-ownership-common';
import express from 'express';
import { z } from 'zod';
import { OrgCatalog } from '../../catalog/OrgCatalog';
import { groupOrEntityQueryWith, userQueryHandler } from '../parseRequest';

const query = groupOrEntityQueryWith({
  provider: z.enum(ESCALATION_PROVIDERS),
});

/**
 * `GET /v1/config/escalation-policy?groupRef|entityRef&provider=`: the body
 * PagerDuty's `POST /escalation_policies` or Opsgenie's `POST /v2/escalations`
 * takes, generated from the Group's `spec.oncall` by the same function as
 * `steward generate escalation-policy`. Without a mapping file, PagerDuty
 * ids are left for the caller to fill in, and the warnings say which.
 */
export function getEscalationPolicyConfig(options: {
  httpAuth: HttpAuthService;
  catalog: OrgCatalog;
}): express.RequestHandler {
  return userQueryHandler({
    httpAuth: options.httpAuth,
    query,
    answer: async (q, credentials) => {
      const group = await options.catalog.owningGroup(q.ref, credentials);
      const result = groupEscalationPolicy({ group, provider: q.provider });
      if (!result.ok) {
        throw new InputError(
          `${stringifyEntityRef(group)}: ${result.issues
            .map(i => `${i.path} ${i.message}`)
            .join('; ')}`,
        );
      }
      return { groupRef: stringifyEntityRef(group), ...result.value };
    },
  });
}
