import { NotFoundError } from '@backstage/errors';
import express from 'express';
import { z } from 'zod';
import { TraceSource } from '../../traces/TraceSource';
import { parseQuery } from '../query';

const traceParams = z.object({
  traceId: z.string().regex(/^[0-9a-fA-F]{32}$/, 'must be 32 hex characters'),
});

/** `GET /v1/traces/:traceId`: one trace from the configured trace source. */
export function getTrace(options: {
  traceSource: TraceSource;
}): express.RequestHandler {
  return async (req, res) => {
    const { traceId } = parseQuery(traceParams, req.params, 'path');
    const trace = await options.traceSource.getTrace(traceId.toLowerCase());
    if (!trace) {
      throw new NotFoundError(`No trace ${traceId} in the trace source`);
    }
    res.json(trace);
  };
}
