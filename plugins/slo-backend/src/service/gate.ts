import {
  GateResponse,
  gateReason,
  SloEvaluation,
  SloSummary,
  worstGateDecision,
} from '@steward/plugin-slo-common';

/**
 * Whether a Component may ship, from its SLOs' error budgets against the
 * budget policy: allow, warn or freeze, with the numbers behind it.
 */
export function gateOf(
  entityRef: string,
  summaries: Array<SloSummary & { evaluation: SloEvaluation }>,
): GateResponse {
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
  return {
    entityRef: entityRef,
    decision: worstGateDecision(slos.map(s => s.gate)),
    slos,
    reasons:
      slos.length === 0
        ? [`${entityRef} has no evaluated SLOs: nothing holds its releases`]
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
}
