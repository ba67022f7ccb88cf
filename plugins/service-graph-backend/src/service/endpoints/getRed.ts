import express from 'express';
import { RedResponse } from '@steward/plugin-service-graph-common';
import { z } from 'zod';
import { ServiceGraphQueries } from '../../queries/ServiceGraphQueries';
import { duration, parseQuery, timeRange } from '../query';
import { getSeriesSteps } from './getSeriesSteps';

const redQuery = timeRange
  .extend({
    service: z.string().min(1).max(255),
    operation: z.string().min(1).max(512).optional(),
    step: duration.optional(),
  })
  .strict();

/**
 * `GET /v1/red?service&operation&from&to&step`: rate, errors and duration of
 * a service's SERVER and CONSUMER spans, or of one of its operations.
 */
export function getRed(options: {
  queries: ServiceGraphQueries;
}): express.RequestHandler {
  return async (req, res) => {
    const query = parseQuery(redQuery, req.query);
    const body: RedResponse = {
      service: query.service,
      operation: query.operation,
      ...(await getSeriesSteps(options.queries, {
        kind: 'op',
        source: query.service,
        target: query.operation,
        from: query.from,
        to: query.to,
        step: query.step,
      })),
    };
    res.json(body);
  };
}
