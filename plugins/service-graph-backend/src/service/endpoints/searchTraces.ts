import express from 'express';
import { TraceSearchResponse } from '@steward/plugin-service-graph-common';
import { z } from 'zod';
import { queryNumber } from '@steward/http-input';
import { TraceSource } from '../../traces/TraceSource';
import { parseQuery, timeRange } from '../query';

const searchQuery = timeRange
  .extend({
    service: z.string().min(1).max(255),
    operation: z.string().min(1).max(512).optional(),
    limit: queryNumber(z.number().int().min(1).max(100)).default(10),
  })
  .strict();

/**
 * `GET /v1/traces?service&operation&from&to&limit`: ids of erroring traces
 * through a service, newest first (the alert router's fallback).
 */
export function searchTraces(options: {
  traceSource: TraceSource;
}): express.RequestHandler {
  return async (req, res) => {
    const query = parseQuery(searchQuery, req.query);
    const toUnixMs = query.to ?? Date.now();
    const body: TraceSearchResponse = {
      traceIds: await options.traceSource.findErrorTraces({
        service: query.service,
        operation: query.operation,
        fromUnixMs: query.from ?? toUnixMs - 3_600_000,
        toUnixMs,
        limit: query.limit,
      }),
    };
    res.json(body);
  };
}
