import express from 'express';
import { ServiceGraphApi } from '@steward/plugin-service-graph-common';
import { EntitySlosResponse } from '@steward/plugin-slo-common';
import { Knex } from 'knex';
import { z } from 'zod';
import { SloConfig } from '../../config';
import { readStatuses } from '../../database/operations/readStatuses';
import { gateOf } from '../gate';
import {
  serviceGraphSourceOf,
  sharedSliWindows,
  sloDetailOf,
} from '../sloDetail';
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
    const thresholdsMs = rows.flatMap(row => {
      const spec = serviceGraphSourceOf(JSON.parse(row.definition));
      return spec?.thresholdMs ? [spec.thresholdMs] : [];
    });
    // The SLOs of one Component mostly read the same service: ask once.
    const serviceGraph = sharedSliWindows(options.serviceGraph, [
      ...new Set(thresholdsMs),
    ]);
    const nowMs = Date.now();
    const body: EntitySlosResponse = {
      gate: gateOf(ref, rows.map(toSummary)),
      slos: await Promise.all(
        rows.map(row => sloDetailOf({ ...options, serviceGraph, row, nowMs })),
      ),
    };
    res.json(body);
  };
}
