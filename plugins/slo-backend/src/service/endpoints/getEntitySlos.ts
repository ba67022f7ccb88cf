import express from 'express';
import { ServiceGraphApi } from '@steward/plugin-service-graph-common';
import { EntitySlosResponse } from '@steward/plugin-slo-common';
import { Knex } from 'knex';
import { z } from 'zod';
import { SloConfig } from '../../config';
import { readStatuses } from '../../database/operations/readStatuses';
import { gateOf } from '../gate';
import { sloDetailOf } from '../sloDetail';
import { entityRef, parseRequest, toSummary } from '../summaries';

const query = z.object({ entityRef }).strict();

/**
 * `GET /v1/entity-slos?entityRef`: a Component's SLOs tab in one answer,
 * the release gate and every SLO in full, so that the page waits for one
 * round trip instead of a list followed by one request per SLO.
 */
export function getEntitySlos(options: {
  knex: Knex;
  config: SloConfig;
  serviceGraph: ServiceGraphApi;
}): express.RequestHandler {
  return async (req, res) => {
    const { entityRef: ref } = parseRequest(query, req.query);
    const rows = await readStatuses(options.knex, { entityRefs: [ref] });
    const body: EntitySlosResponse = {
      gate: gateOf(ref, rows.map(toSummary)),
      slos: await Promise.all(
        rows.map(row => sloDetailOf({ ...options, row })),
      ),
    };
    res.json(body);
  };
}
