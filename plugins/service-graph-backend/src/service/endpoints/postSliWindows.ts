import { SliWindowsResponse } from '@steward/plugin-service-graph-common';
import express from 'express';
import { Knex } from 'knex';
import { z } from 'zod';
import { ServiceGraphConfig } from '../../config';
import { ClosedSumsCache } from '../../database/ClosedSumsCache';
import {
  readWindowSums,
  windowSegments,
  WindowSums,
} from '../../database/operations/readWindowSums';
import { SeriesRow } from '../../database/tables';
import { parseQuery } from '../query';

const MAX_WINDOWS = 2000;

const sliWindowsRequest = z
  .object({
    kind: z.enum(['op', 'edge']).default('op'),
    services: z.array(z.string().min(1).max(255)).max(20_000).optional(),
    thresholdsMs: z.array(z.number().positive()).max(64).optional(),
    selectors: z
      .array(
        z
          .object({
            source: z.string().min(1).max(255),
            target: z.string().min(1).max(512).optional(),
            thresholdMs: z.number().positive().optional(),
          })
          .strict(),
      )
      .max(50_000)
      .optional(),
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
 * over each requested window; or, given `selectors`, just the sums of each
 * selector, which for thousands of SLOs is a fraction of the size. POST
 * only because the request can be large; it writes nothing.
 */
export function postSliWindows(options: {
  knex: Knex;
  config: ServiceGraphConfig;
  cache: ClosedSumsCache;
}): express.RequestHandler {
  const { knex, config, cache } = options;
  return async (req, res) => {
    const request = parseQuery(sliWindowsRequest, req.body, 'body');
    // Thresholds that are not counted are reported, not refused: one SLO
    // with an untracked threshold must not stop the others' evaluation.
    const selectors = request.selectors;
    const requested = selectors
      ? [
          ...new Set([
            ...(request.thresholdsMs ?? []),
            ...selectors.flatMap(x => (x.thresholdMs ? [x.thresholdMs] : [])),
          ]),
        ]
      : request.thresholdsMs ?? config.latencyThresholdsMs;
    const thresholds = requested.filter(t =>
      config.latencyThresholdsMs.includes(t),
    );
    const untrackedThresholdsMs = requested.filter(
      t => !config.latencyThresholdsMs.includes(t),
    );
    const nowMs = Date.now();
    const body: SliWindowsResponse = {
      thresholdsMs: thresholds,
      untrackedThresholdsMs,
      windows: [],
    };
    const segmented = request.windows.map(window =>
      windowSegments({
        fromMs: window.from,
        toMs: window.to,
        nowMs,
        retention: config.retention,
      }),
    );
    // The configured slots, ascending: "at or under T" cumulates them.
    const slots = config.latencyThresholdsMs;
    const wanted = slots.map(slot => thresholds.includes(slot));
    // With selectors, only the series of latency selectors need slots.
    const slotSources = selectors
      ? new Set(
          selectors.flatMap(x =>
            x.thresholdMs !== undefined && slots.includes(x.thresholdMs)
              ? [`${x.source}\u0000${x.target ?? ''}`]
              : [],
          ),
        )
      : undefined;
    const { series, stride, windows } = await readWindowSums(knex, {
      kind: request.kind,
      slotsOf: slotSources
        ? s =>
            slotSources.has(`${s.source}\u0000${s.target}`) ||
            slotSources.has(`${s.source}\u0000`)
        : undefined,
      sources:
        request.services ??
        (selectors ? [...new Set(selectors.map(x => x.source))] : undefined),
      thresholdsMs: slots,
      windows: segmented.map(s => s.segments),
      cache,
    });
    if (selectors) {
      const sums = selectorSums({
        series,
        stride,
        slots,
        selectors,
        windows,
      });
      request.windows.forEach((window, w) =>
        body.windows.push({
          from: window.from,
          to: window.to,
          effectiveFrom: segmented[w].effectiveFromMs,
          series: [],
          sums: sums[w],
        }),
      );
      res.json(body);
      return;
    }
    request.windows.forEach((window, w) => {
      const { values, present } = windows[w];
      const sums: SliWindowsResponse['windows'][number]['series'] = [];
      series.forEach((s, i) => {
        if (!present[i]) return;
        const at = i * stride;
        let cumulative = 0;
        const good: Record<string, number> = {};
        for (let j = 0; j < slots.length; j++) {
          cumulative += values[at + 2 + j];
          if (wanted[j]) good[slots[j]] = cumulative;
        }
        sums.push({
          source: s.source,
          target: s.target,
          connectionType: s.connection_type,
          calls: values[at],
          errors: values[at + 1],
          goodAtOrBelowMs: good,
        });
      });
      body.windows.push({
        from: window.from,
        to: window.to,
        effectiveFrom: segmented[w].effectiveFromMs,
        series: sums,
      });
    });
    res.json(body);
  };
}

/**
 * Per window, calls, errors and good calls of each selector, flattened:
 * the sums over the selector's series, good being the calls at or under
 * its threshold (0 without one, or for one not counted).
 */
function selectorSums(options: {
  series: SeriesRow[];
  stride: number;
  slots: number[];
  selectors: Array<{ source: string; target?: string; thresholdMs?: number }>;
  windows: WindowSums[];
}): number[][] {
  const { series, stride, slots, selectors, windows } = options;
  const bySource = new Map<string, number[]>();
  series.forEach((s, i) => {
    const list = bySource.get(s.source) ?? [];
    list.push(i);
    bySource.set(s.source, list);
  });
  const resolved = selectors.map(x => ({
    positions: (bySource.get(x.source) ?? []).filter(
      i => x.target === undefined || series[i].target === x.target,
    ),
    // Slots to cumulate for "at or under": up to the threshold's own.
    slotCount:
      x.thresholdMs !== undefined && slots.includes(x.thresholdMs)
        ? slots.indexOf(x.thresholdMs) + 1
        : 0,
  }));
  return windows.map(({ values }) => {
    const out = new Array<number>(selectors.length * 3);
    resolved.forEach(({ positions, slotCount }, k) => {
      let calls = 0;
      let errors = 0;
      let good = 0;
      for (const i of positions) {
        const at = i * stride;
        calls += values[at];
        errors += values[at + 1];
        for (let j = 0; j < slotCount; j++) good += values[at + 2 + j];
      }
      out[k * 3] = calls;
      out[k * 3 + 1] = errors;
      out[k * 3 + 2] = good;
    });
    return out;
  });
}
