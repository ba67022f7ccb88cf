import express from 'express';
import { SloListResponse } from '@steward/plugin-slo-common';
import { Knex } from 'knex';
import { z } from 'zod';
import { readStatuses } from '../../database/operations/readStatuses';
import { entityRef, parseRequest, toSummary } from '../summaries';

const listQuery = z
  .object({ entityRef: entityRef.optional(), ownerRef: entityRef.optional() })
  .strict();

/** `GET /v1/slos?entityRef&ownerRef`: SLOs with their latest status. */
export function listSlos(options: { knex: Knex }): express.RequestHandler {
  return async (req, res) => {
    const query = parseRequest(listQuery, req.query);
    const rows = await readStatuses(options.knex, {
      entityRefs: query.entityRef ? [query.entityRef] : undefined,
      ownerRefs: query.ownerRef ? [query.ownerRef] : undefined,
    });
    const body: SloListResponse = {
      items: rows.map(row => {
        const { evaluation: _evaluation, ...summary } = toSummary(row);
        return summary;
      }),
    };
    res.json(body);
  };
}
