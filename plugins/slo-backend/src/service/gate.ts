import {
  GateResponse,
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
            .map(
              s =>
                `${s.title}: ${(100 * (s.consumed ?? 0)).toFixed(
                  1,
                )}% of the error budget consumed (${s.gate} at ${(
                  100 * (s.gate === 'freeze' ? s.freezeAt : s.warnAt)
                ).toFixed(0)}%)`,
            ),
  };
}
