import express from 'express';
import { OperationsResponse } from '@steward/plugin-service-graph-common';
import { Knex } from 'knex';
import { z } from 'zod';
import { ServiceGraphConfig } from '../../config';
import { readSeries } from '../../database/operations/readSeries';
import { sumTotals } from '../latencySummary';
import { parseQuery, rangeAnswer, resolveRange, timeRange } from '../query';

const operationsQuery = timeRange
  .extend({ service: z.string().min(1).max(255) })
  .strict();

/** `GET /v1/operations?service&from&to`: RED totals per operation of a service. */
export function getOperations(options: {
  knex: Knex;
  config: ServiceGraphConfig;
}): express.RequestHandler {
  return async (req, res) => {
    const query = parseQuery(operationsQuery, req.query);
    const range = resolveRange({
      ...query,
      nowMs: Date.now(),
      retention: options.config.retention,
    });
    const sums = await readSeries(options.knex, {
      kind: 'op',
      source: query.service,
      ...range,
    });
    const body: OperationsResponse = {
      ...rangeAnswer(range),
      service: query.service,
      operations: sums
        .map(s => ({ operation: s.series.target, ...sumTotals([s]) }))
        .sort((a, b) => b.calls - a.calls),
    };
    res.json(body);
  };
}
