import { NotFoundError } from '@backstage/errors';
import express from 'express';
import { ServiceGraphApi } from '@steward/plugin-service-graph-common';
import { Knex } from 'knex';
import { z } from 'zod';
import { SloConfig } from '../../config';
import { readStatuses } from '../../database/operations/readStatuses';
import { sloDetailOf } from '../sloDetail';
import { parseRequest } from '../summaries';

const params = z.object({
  namespace: z.string().min(1).max(255),
  name: z.string().min(1).max(255),
});

/** `GET /v1/slos/:namespace/:name`: one SLO in full (see sloDetailOf). */
export function getSlo(options: {
  knex: Knex;
  config: SloConfig;
  serviceGraph: ServiceGraphApi;
}): express.RequestHandler {
  return async (req, res) => {
    const { namespace, name } = parseRequest(params, req.params);
    const sloRef = `slo:${namespace}/${name}`.toLocaleLowerCase('en-US');
    const [row] = await readStatuses(options.knex, { sloRefs: [sloRef] });
    if (!row) throw new NotFoundError(`No evaluated SLO ${sloRef}`);
    res.json(await sloDetailOf({ ...options, row, nowMs: Date.now() }));
  };
}
