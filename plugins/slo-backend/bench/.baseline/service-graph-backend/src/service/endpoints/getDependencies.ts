import express from 'express';
import { DependenciesResponse } from '@steward/plugin-service-graph-common';
import { Knex } from 'knex';
import { ServiceGraphConfig } from '../../config';
import { readSeries } from '../../database/operations/readSeries';
import { latencySummary } from '../latencySummary';
import { parseQuery, rangeAnswer, resolveRange, timeRange } from '../query';

/** `GET /v1/dependencies?from&to`: every observed edge over the range. */
export function getDependencies(options: {
  knex: Knex;
  config: ServiceGraphConfig;
}): express.RequestHandler {
  return async (req, res) => {
    const query = parseQuery(timeRange.strict(), req.query);
    const range = resolveRange({
      ...query,
      nowMs: Date.now(),
      retention: options.config.retention,
    });
    const sums = await readSeries(options.knex, { kind: 'edge', ...range });
    const body: DependenciesResponse = {
      ...rangeAnswer(range),
      dependencies: sums
        .map(s => ({
          parent: s.series.source,
          child: s.series.target,
          callCount: s.calls,
          errorCount: s.errors,
          connectionType: s.series.connection_type,
          latencyMs: latencySummary(s.latency),
        }))
        .sort(
          (a, b) =>
            a.parent.localeCompare(b.parent) || a.child.localeCompare(b.child),
        ),
    };
    res.json(body);
  };
}
