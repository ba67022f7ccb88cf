import express from 'express';
import { OperationsResponse } from '@steward/plugin-service-graph-common';
import { z } from 'zod';
import { ServiceGraphQueries } from '../../queries/ServiceGraphQueries';
import { parseQuery, rangeAnswer, timeRange } from '../query';

const operationsQuery = timeRange
  .extend({ service: z.string().min(1).max(255) })
  .strict();

/** `GET /v1/operations?service&from&to`: RED totals per operation of a service. */
export function getOperations(options: {
  queries: ServiceGraphQueries;
}): express.RequestHandler {
  return async (req, res) => {
    const query = parseQuery(operationsQuery, req.query);
    const range = options.queries.resolveRange({ ...query, nowMs: Date.now() });
    const operations = await options.queries.readOperations({
      service: query.service,
      range,
    });
    const body: OperationsResponse = {
      ...rangeAnswer(range),
      service: query.service,
      operations: operations.sort((a, b) => b.calls - a.calls),
    };
    res.json(body);
  };
}
