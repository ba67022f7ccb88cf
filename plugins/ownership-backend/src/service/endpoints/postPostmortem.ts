import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  ownershipPostmortemCreatePermission,
  postmortemDraftFromAlert,
} from '@steward/plugin-ownership-common';
import { SloApi } from '@steward/plugin-slo-common';
import express from 'express';
import { Knex } from 'knex';
import { z } from 'zod';
import { readDecisions } from '../../database/operations/readDecisions';
import { readPostmortems } from '../../database/operations/readPostmortems';
import { writePostmortem } from '../../database/operations/writePostmortem';
import { preparePostmortem } from '../../postmortems/preparePostmortem';
import { authorizeUser } from '../authorize';
import { parseRequest } from '../parseRequest';

const body = z
  .object({
    ownerRef: z
      .string()
      .regex(
        /^group:[^/]+\/.+$/,
        'must be a full Group ref, like group:default/payments',
      )
      .optional(),
    decisionId: z.number().int().positive().optional(),
    document: z.record(z.unknown()),
  })
  .strict();

/**
 * `POST /v1/postmortems`: stores a postmortem. With `decisionId` the routed
 * alert's context (title, first symptom, timeline, service, SLO, times) is
 * filled in and `document` adds or overrides fields; the owner defaults to
 * the team the alert went to.
 */
export function postPostmortem(options: {
  knex: Knex;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  slo: SloApi;
}): express.RequestHandler {
  return async (req, res) => {
    const input = parseRequest({ schema: body, value: req.body, what: 'body' });
    const credentials = await authorizeUser({
      ...options,
      req,
      permission: ownershipPostmortemCreatePermission,
    });
    let draft = {};
    let ownerRef = input.ownerRef;
    if (input.decisionId !== undefined) {
      const [decision] = await readDecisions(options.knex, {
        id: input.decisionId,
      });
      if (!decision) {
        throw new NotFoundError(`No routing decision ${input.decisionId}`);
      }
      draft = postmortemDraftFromAlert({
        ...decision,
        startsAtMs: decision.startsAt,
        receivedAtMs: decision.receivedAt,
        acknowledgedAtMs: decision.acknowledgedAt,
        sloRef: decision.slo?.sloRef,
      });
      ownerRef ??= decision.ownerRef;
    }
    if (!ownerRef) {
      throw new InputError(
        'Invalid body: ownerRef: is required unless decisionId names a routed alert with an owner',
      );
    }
    const nowMs = Date.now();
    const prepared = await preparePostmortem({
      document: { ...draft, ...input.document },
      slo: options.slo,
      nowMs,
    });
    const id = await writePostmortem(options.knex, {
      ...prepared,
      ownerRef,
      decisionId: input.decisionId,
      by: credentials.principal.userEntityRef,
      atMs: nowMs,
    });
    const [stored] = await readPostmortems(options.knex, { ids: [id!] });
    res.status(201).json(stored);
  };
}
