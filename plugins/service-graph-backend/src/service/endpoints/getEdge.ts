import express from 'express';
import { EdgeResponse } from '@steward/plugin-service-graph-common';
import { z } from 'zod';
import { ServiceGraphQueries } from '../../queries/ServiceGraphQueries';
import { duration, parseQuery, timeRange } from '../query';
import { getSeriesSteps } from './getSeriesSteps';

const edgeQuery = timeRange
  .extend({
    client: z.string().min(1).max(255),
    server: z.string().min(1).max(512),
    step: duration.optional(),
  })
  .strict();

/** `GET /v1/edges?client&server&from&to&step`: one edge's calls, errors and latency. */
export function getEdge(options: {
  queries: ServiceGraphQueries;
}): express.RequestHandler {
  return async (req, res) => {
    const query = parseQuery(edgeQuery, req.query);
    const body: EdgeResponse = {
      client: query.client,
      server: query.server,
      ...(await getSeriesSteps(options.queries, {
        kind: 'edge',
        source: query.client,
        target: query.server,
        from: query.from,
        to: query.to,
        step: query.step,
      })),
    };
    res.json(body);
  };
}
