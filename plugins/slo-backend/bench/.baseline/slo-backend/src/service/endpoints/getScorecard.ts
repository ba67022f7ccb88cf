import express from 'express';
import { ScorecardResponse } from '@steward/plugin-slo-common';
import { Knex } from 'knex';
import { z } from 'zod';
import { SloConfig } from '../../config';
import { readAlertEvents } from '../../database/operations/alertEvents';
import { readStatuses } from '../../database/operations/readStatuses';
import { escalationOf } from '../../evaluation/escalation';
import { entityRef, parseRequest, toSummary } from '../summaries';

const scorecardQuery = z
  .object({
    team: entityRef,
    quarter: z
      .string()
      .regex(/^\d{4}-?Q[1-4]$/, 'must be a quarter like 2026-Q4')
      .optional(),
  })
  .strict();

/**
 * `GET /v1/scorecards?team&quarter`: a team's SLOs over a quarter (default
 * the current one): met, missed, too few events, budget remaining and each
 * SLO's place on the escalation ladder.
 */
export function getScorecard(options: {
  knex: Knex;
  config: SloConfig;
}): express.RequestHandler {
  return async (req, res) => {
    const query = parseRequest(scorecardQuery, req.query);
    const summaries = (
      await readStatuses(options.knex, { ownerRefs: [query.team] })
    ).map(toSummary);
    const events = await readAlertEvents(options.knex, {
      entityRefs: [...new Set(summaries.map(s => s.entityRef))],
      limit: 10_000,
    });
    const wanted = query.quarter?.match(/^(\d{4})-?Q([1-4])$/);
    const body: ScorecardResponse = {
      teamRef: query.team,
      quarter: wanted
        ? { year: Number(wanted[1]), quarter: Number(wanted[2]) }
        : {
            year:
              summaries[0]?.evaluation.quarters[0]?.year ??
              new Date().getUTCFullYear(),
            quarter:
              summaries[0]?.evaluation.quarters[0]?.quarter ??
              Math.floor(new Date().getUTCMonth() / 3) + 1,
          },
      summary: { met: 0, missed: 0, tooFewEvents: 0, noData: 0 },
      slos: [],
    };
    for (const s of summaries) {
      const q = s.evaluation.quarters.find(
        x => x.year === body.quarter.year && x.quarter === body.quarter.quarter,
      );
      const escalation = escalationOf({
        evaluation: s.evaluation,
        events: events.filter(e => e.slo_ref === s.sloRef),
        majorIncidentShare: options.config.policy.majorIncidentShare,
      });
      if (!q || q.total === 0) body.summary.noData += 1;
      else if (q.verdict === 'met') body.summary.met += 1;
      else if (q.verdict === 'missed') body.summary.missed += 1;
      else body.summary.tooFewEvents += 1;
      body.slos.push({
        sloRef: s.sloRef,
        title: s.title,
        entityRef: s.entityRef,
        objective: s.objective,
        budgetRemaining: s.budgetRemaining,
        gate: s.gate,
        verdict: q && q.total > 0 ? q.verdict : undefined,
        good: q?.good,
        total: q?.total,
        consecutiveMissed: escalation.consecutiveMissed,
        escalation: escalation.level,
      });
    }
    res.json(body);
  };
}
