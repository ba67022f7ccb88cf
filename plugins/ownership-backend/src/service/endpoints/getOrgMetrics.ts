import express from 'express';
import { z } from 'zod';
import { queryNumber } from '@steward/http-input';
import { OrgMetricsService } from '../../metrics/OrgMetricsService';
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
  metrics: OrgMetricsService;
}): express.RequestHandler {
  return async (req, res) => {
    const q = parseRequest({ schema: query, value: req.query, what: 'query' });
    res.json(await options.metrics.series({ ...q, nowMs: Date.now() }));
  };
}
