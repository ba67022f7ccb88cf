import { alertHygiene, mtta } from '@steward/plugin-ownership-common';
import express from 'express';
import { Knex } from 'knex';
import { z } from 'zod';
import { queryNumber } from '@steward/http-input';
import { readDecisions } from '../../database/operations/readDecisions';
import { parseRequest } from '../parseRequest';

const WEEK_MS = 7 * 24 * 3_600_000;

const query = z
  .object({
    ownerRef: z.string().min(1).max(255).optional(),
    weeks: queryNumber(z.number().int().min(1).max(52)).default(4),
    oftenPerWeek: queryNumber(z.number().min(0).max(1000)).optional(),
    minFires: queryNumber(z.number().int().min(1).max(10_000)).optional(),
  })
  .strict();

/**
 * `GET /v1/hygiene?ownerRef&weeks`: how a team's routed alerts fared over
 * the last weeks: volume, acknowledged and actioned shares, repeats,
 * alerts without a runbook, those that look unnecessary, and MTTA.
 */
export function getHygiene(options: { knex: Knex }): express.RequestHandler {
  return async (req, res) => {
    const q = parseRequest({ schema: query, value: req.query, what: 'query' });
    const nowMs = Date.now();
    const fired = (
      await readDecisions(options.knex, {
        ownerRef: q.ownerRef,
        status: 'firing',
        fromMs: nowMs - q.weeks * WEEK_MS,
      })
    ).map(d => ({
      name: d.alertName,
      service: d.entityRef ?? d.culpritService ?? d.alertService ?? 'unknown',
      at: d.receivedAt,
      acknowledgedAt: d.acknowledgedAt,
      actioned: d.actioned,
      runbook: d.runbookUrl,
    }));
    const report = alertHygiene({
      alerts: fired,
      nowMs,
      weeks: q.weeks,
      thresholds: { oftenPerWeek: q.oftenPerWeek, minFires: q.minFires },
    });
    res.json({
      ownerRef: q.ownerRef,
      ...report,
      mttaMs: mtta({ alerts: fired }),
      unacknowledged: fired.filter(a => a.acknowledgedAt === undefined).length,
    });
  };
}
