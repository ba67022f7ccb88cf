import express from 'express';
import {
  GateResponse,
  gateReason,
  worstGateDecision,
} from '@steward/plugin-slo-common';
import { Knex } from 'knex';
import { z } from 'zod';
import { readStatuses } from '../../database/operations/readStatuses';
import { entityRef, parseRequest, toSummary } from '../summaries';

const gateQuery = z.object({ entityRef }).strict();

/**
 * `GET /v1/gate?entityRef`: whether the Component may ship, from its SLOs'
 * error budgets against the budget policy: allow, warn or freeze, with the
 * numbers behind it.
 */
export function getGate(options: { knex: Knex }): express.RequestHandler {
  return async (req, res) => {
    const query = parseRequest(gateQuery, req.query);
    const summaries = (
      await readStatuses(options.knex, { entityRefs: [query.entityRef] })
    ).map(toSummary);
    const slos = summaries.map(s => ({
      sloRef: s.sloRef,
      title: s.title,
      gate: s.gate,
      state: s.state,
      budgetRemaining: s.budgetRemaining,
      consumed: s.evaluation.budget.consumedFraction,
      warnAt: s.evaluation.policy.warnAt,
      freezeAt: s.evaluation.policy.freezeAt,
    }));
    const body: GateResponse = {
      entityRef: query.entityRef,
      decision: worstGateDecision(slos.map(s => s.gate)),
      slos,
      reasons:
        slos.length === 0
          ? [
              `${query.entityRef} has no evaluated SLOs: nothing holds its releases`,
            ]
          : slos
              .filter(s => s.gate !== 'allow')
              .map(s =>
                gateReason({
                  title: s.title,
                  decision: s.gate,
                  consumedFraction: s.consumed,
                  policy: { warnAt: s.warnAt, freezeAt: s.freezeAt },
                }),
              ),
    };
    res.json(body);
  };
}
