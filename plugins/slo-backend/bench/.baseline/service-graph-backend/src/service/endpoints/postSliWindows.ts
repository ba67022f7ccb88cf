import { InputError } from '@backstage/errors';
import { SliWindowsResponse } from '@steward/plugin-service-graph-common';
import express from 'express';
import { Knex } from 'knex';
import { z } from 'zod';
import { ServiceGraphConfig } from '../../config';
import {
  readWindowSums,
  windowSegments,
} from '../../database/operations/readWindowSums';
import { parseQuery } from '../query';

const MAX_WINDOWS = 2000;

const sliWindowsRequest = z
  .object({
    kind: z.enum(['op', 'edge']).default('op'),
    services: z.array(z.string().min(1).max(255)).max(20_000).optional(),
    thresholdsMs: z.array(z.number().positive()).max(64).optional(),
    windows: z
      .array(
        z
          .object({ from: z.number().int(), to: z.number().int() })
          .refine(w => w.from < w.to, 'from must be before to'),
      )
      .min(1)
      .max(MAX_WINDOWS),
  })
  .strict();

/**
 * `POST /v1/sli/windows`: for SLI sources. Calls, errors and exact good
 * counts at latency thresholds of every operation (or edge) series, summed
 * over each requested window. POST only because the request can be large;
 * it writes nothing.
 */
export function postSliWindows(options: {
  knex: Knex;
  config: ServiceGraphConfig;
}): express.RequestHandler {
  const { knex, config } = options;
  return async (req, res) => {
    const request = parseQuery(sliWindowsRequest, req.body);
    const thresholds = request.thresholdsMs ?? config.latencyThresholdsMs;
    const unknown = thresholds.filter(
      t => !config.latencyThresholdsMs.includes(t),
    );
    if (unknown.length > 0) {
      throw new InputError(
        `Invalid request: thresholdsMs: ${unknown.join(
          ', ',
        )} not counted; serviceGraph.latencyThresholdsMs has ${config.latencyThresholdsMs.join(
          ', ',
        )}`,
      );
    }
    const nowMs = Date.now();
    const body: SliWindowsResponse = { thresholdsMs: thresholds, windows: [] };
    for (const window of request.windows) {
      const { segments, effectiveFromMs } = windowSegments({
        fromMs: window.from,
        toMs: window.to,
        nowMs,
        retention: config.retention,
      });
      const { series, sums } = await readWindowSums(knex, {
        kind: request.kind,
        sources: request.services,
        segments,
      });
      body.windows.push({
        from: window.from,
        to: window.to,
        effectiveFrom: effectiveFromMs,
        series: series.flatMap(s => {
          const sum = sums.get(s.id);
          if (!sum) return [];
          let cumulative = 0;
          const good: Record<string, number> = {};
          for (const slot of config.latencyThresholdsMs) {
            cumulative += sum.thresholdSlots.get(slot) ?? 0;
            if (thresholds.includes(slot)) good[slot] = cumulative;
          }
          return [
            {
              source: s.source,
              target: s.target,
              connectionType: s.connection_type,
              calls: sum.calls,
              errors: sum.errors,
              goodAtOrBelowMs: good,
            },
          ];
        }),
      });
    }
    res.json(body);
  };
}
