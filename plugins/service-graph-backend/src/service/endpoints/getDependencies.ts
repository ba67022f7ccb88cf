import express from 'express';
import { DependenciesResponse } from '@steward/plugin-service-graph-common';
import { ServiceGraphQueries } from '../../queries/ServiceGraphQueries';
import { parseQuery, rangeAnswer, timeRange } from '../query';

/** `GET /v1/dependencies?from&to`: every observed edge over the range. */
export function getDependencies(options: {
  queries: ServiceGraphQueries;
}): express.RequestHandler {
  return async (req, res) => {
    const query = parseQuery(timeRange.strict(), req.query);
    const range = options.queries.resolveRange({ ...query, nowMs: Date.now() });
    const edges = await options.queries.readEdges({ range });
    const body: DependenciesResponse = {
      ...rangeAnswer(range),
      dependencies: edges
        .map(e => ({
          parent: e.parent,
          child: e.child,
          callCount: e.calls,
          errorCount: e.errors,
          connectionType: e.connectionType,
          latencyMs: e.latencyMs,
        }))
        .sort(
          (a, b) =>
            a.parent.localeCompare(b.parent) || a.child.localeCompare(b.child),
        ),
    };
    res.json(body);
  };
}
