import {
  DEFAULT_REPEAT_WINDOW_DAYS,
  findRepeatIncidents,
  incidentTimes,
  mtta,
  mttr,
} from '@steward/plugin-ownership-common';
import express from 'express';
import { Knex } from 'knex';
import { z } from 'zod';
import { queryNumber } from '@steward/http-input';
import { readPostmortems } from '../../database/operations/readPostmortems';
import { parseRequest } from '../parseRequest';

const DAY_MS = 24 * 3_600_000;

const query = z
  .object({
    ownerRef: z.string().min(1).max(255).optional(),
    days: queryNumber(z.number().int().min(1).max(3660)).default(92),
    repeatWithinDays: queryNumber(z.number().int().min(1).max(3660)).default(
      DEFAULT_REPEAT_WINDOW_DAYS,
    ),
  })
  .strict();

/**
 * `GET /v1/postmortems/stats?ownerRef&days&repeatWithinDays`: MTTA and MTTR
 * of the incidents detected in the last `days`, and repeat incidents (same
 * service and cause within `repeatWithinDays`) over all history.
 */
export function getPostmortemStats(options: {
  knex: Knex;
}): express.RequestHandler {
  return async (req, res) => {
    const q = parseRequest({ schema: query, value: req.query, what: 'query' });
    const nowMs = Date.now();
    const all = await readPostmortems(options.knex, { ownerRef: q.ownerRef });
    const recent = all.flatMap(p => {
      const times = incidentTimes(p.document);
      return times && times.at >= nowMs - q.days * DAY_MS ? [times] : [];
    });
    res.json({
      ownerRef: q.ownerRef,
      fromMs: nowMs - q.days * DAY_MS,
      toMs: nowMs,
      incidents: recent.length,
      mttaMs: mtta({ alerts: recent }),
      unacknowledged: recent.filter(t => t.acknowledgedAt === undefined).length,
      mttrMs: mttr({ incidents: recent }),
      unresolved: recent.filter(t => t.resolvedAt === undefined).length,
      repeats: findRepeatIncidents({
        postmortems: all.map(p => ({ ...p.document, id: String(p.id) })),
        withinDays: q.repeatWithinDays,
      }),
    });
  };
}
