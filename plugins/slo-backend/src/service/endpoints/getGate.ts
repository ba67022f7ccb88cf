import express from 'express';
import { Knex } from 'knex';
import { z } from 'zod';
import { readStatuses } from '../../database/operations/readStatuses';
import { gateOf } from '../gate';
import { entityRef, parseRequest, toSummary } from '../summaries';

const gateQuery = z.object({ entityRef }).strict();

/**
 * `GET /v1/gate?entityRef`: whether the Component may ship, from its SLOs'
 * error budgets against the budget policy: allow, warn or freeze, with the
 * numbers behind it.
 */
export function getGate(options: { knex: Knex }): express.RequestHandler {
  return async (req, res) => {
    const query = parseRequest(gateQuery, req.query);
    const summaries = (
      await readStatuses(options.knex, { entityRefs: [query.entityRef] })
    ).map(toSummary);
    res.json(gateOf(query.entityRef, summaries));
  };
}
