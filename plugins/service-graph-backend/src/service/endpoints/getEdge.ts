import express from 'express';
import { EdgeResponse } from '@steward/plugin-service-graph-common';
import { Knex } from 'knex';
import { z } from 'zod';
import { ServiceGraphConfig } from '../../config';
import {
  duration,
  parseQuery,
  rangeAnswer,
  resolveRange,
  timeRange,
} from '../query';
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
  knex: Knex;
  config: ServiceGraphConfig;
}): express.RequestHandler {
  return async (req, res) => {
    const query = parseQuery(edgeQuery, req.query);
    const range = resolveRange({
      ...query,
      stepMs: query.step,
      nowMs: Date.now(),
      retention: options.config.retention,
    });
    const stepMs = query.step ?? range.toMs - range.fromMs;
    const { totals, points } = await getSeriesSteps(options.knex, {
      kind: 'edge',
      source: query.client,
      target: query.server,
      range,
      stepMs,
    });
    const body: EdgeResponse = {
      ...rangeAnswer(range),
      client: query.client,
      server: query.server,
      stepMs,
      totals,
      points,
    };
    res.json(body);
  };
}
