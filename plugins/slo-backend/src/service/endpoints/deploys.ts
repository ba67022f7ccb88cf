import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DeploysResponse,
  sloDeployCreatePermission,
} from '@steward/plugin-slo-common';
import express from 'express';
import { Knex } from 'knex';
import { z } from 'zod';
import { queryNumber } from '@steward/http-input';
import { SloConfig } from '../../config';
import { readAlertEvents } from '../../database/operations/alertEvents';
import { SloDeployRow } from '../../database/tables';
import { entityRef, parseRequest } from '../summaries';

const deployBody = z
  .object({
    entityRef,
    version: z.string().min(1).max(255).optional(),
    // Unix ms, within the Date range (and so within the bigint column).
    deployedAt: z
      .number()
      .int()
      .positive()
      .max(8_640_000_000_000_000)
      .optional(),
  })
  .strict();

/** `POST /v1/deploys`: a pipeline records a deploy of a Component. */
export function postDeploy(options: {
  knex: Knex;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): express.RequestHandler {
  return async (req, res) => {
    const credentials = await options.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await options.permissions.authorize(
      [{ permission: sloDeployCreatePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        'Not allowed to record deploys (slo.deploy.create)',
      );
    }
    const body = parseRequest(deployBody, req.body, 'body');
    const principal = credentials.principal as {
      userEntityRef?: string;
      subject?: string;
    };
    const row: SloDeployRow = {
      entity_ref: body.entityRef,
      version: body.version ?? null,
      deployed_at: body.deployedAt ?? Date.now(),
      recorded_by: principal.userEntityRef ?? principal.subject ?? 'unknown',
    };
    const [inserted] = await options.knex('slo_deploys').insert(row, ['id']);
    res.status(201).json({
      id: typeof inserted === 'object' ? inserted.id : inserted,
      ...body,
    });
  };
}

const deploysQuery = z
  .object({
    entityRef,
    limit: queryNumber(z.number().int().min(1).max(1000)).default(100),
  })
  .strict();

/**
 * `GET /v1/deploys?entityRef`: recent deploys, each marked failed when an
 * SLO alert of the Component fired within the failure window after it, and
 * the change failure rate over them.
 */
export function getDeploys(options: {
  knex: Knex;
  config: SloConfig;
}): express.RequestHandler {
  return async (req, res) => {
    const query = parseRequest(deploysQuery, req.query);
    const deploys = await options
      .knex<SloDeployRow>('slo_deploys')
      .where({ entity_ref: query.entityRef })
      .orderBy('deployed_at', 'desc')
      .limit(query.limit);
    const oldest = deploys.length
      ? Number(deploys[deploys.length - 1].deployed_at)
      : Date.now();
    const firings = (
      await readAlertEvents(options.knex, {
        entityRefs: [query.entityRef],
        sinceMs: oldest,
        limit: 10_000,
      })
    )
      .filter(e => e.state === 'firing')
      .map(e => Number(e.at));
    const window = options.config.deploys.failureWindowMs;
    const items = deploys.map(d => {
      const at = Number(d.deployed_at);
      return {
        id: Number(d.id),
        entityRef: d.entity_ref,
        version: d.version ?? undefined,
        deployedAt: at,
        recordedBy: d.recorded_by,
        failed: firings.some(t => t >= at && t <= at + window),
      };
    });
    const body: DeploysResponse = {
      items,
      changeFailureRate: items.length
        ? items.filter(i => i.failed).length / items.length
        : undefined,
    };
    res.json(body);
  };
}
