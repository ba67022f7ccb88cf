import { ServiceGraphApi } from '@steward/plugin-service-graph-common';
import { SloApi } from '@steward/plugin-slo-common';
import express from 'express';
import { Knex } from 'knex';
import { z } from 'zod';
import { queryNumber } from '@steward/http-input';
import { OwnershipConfig } from '../../config';
import { orgMetricsSeries } from '../../metrics/orgMetricsSeries';
import { ServiceDirectory } from '../../routing/ServiceDirectory';
import { parseRequest } from '../parseRequest';

const query = z
  .object({
    weeks: queryNumber(z.number().int().min(1).max(52)).default(4),
    points: queryNumber(z.number().int().min(1).max(26)).default(1),
    stepWeeks: queryNumber(z.number().int().min(1).max(13)).default(1),
  })
  .strict();

/**
 * `GET /v1/metrics/org?weeks&points&stepWeeks`: org-wide and per-team
 * ownership and reliability figures at `points` moments `stepWeeks` apart,
 * oldest first.
 */
export function getOrgMetrics(options: {
  knex: Knex;
  config: OwnershipConfig;
  directory: ServiceDirectory;
  slo: SloApi;
  serviceGraph: ServiceGraphApi;
}): express.RequestHandler {
  return async (req, res) => {
    const q = parseRequest({ schema: query, value: req.query, what: 'query' });
    res.json(await orgMetricsSeries({ ...options, ...q, nowMs: Date.now() }));
  };
}
