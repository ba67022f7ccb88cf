import {
  budgetConsumedDuring,
  incidentTimes,
  Postmortem,
  PostmortemSloContext,
} from '@steward/plugin-ownership-common';
import { SloApi } from '@steward/plugin-slo-common';

export type { PostmortemSloContext };

/**
 * What each SLO the postmortem names says about the incident, read from the
 * SLO plugin: its objective, the budget left, and the budget its burn-down
 * lost during the incident. An SLO that cannot be read is recorded with the
 * reason instead of failing the save.
 */
export async function sloContextOf(options: {
  slo: SloApi;
  postmortem: Postmortem;
  nowMs: number;
}): Promise<PostmortemSloContext[]> {
  const times = incidentTimes(options.postmortem);
  return Promise.all(
    options.postmortem.sloRefs.map(async sloRef => {
      try {
        const status = await options.slo.getSlo(sloRef);
        return {
          sloRef,
          title: status.title,
          objective: status.objective,
          budgetRemaining: status.budgetRemaining,
          budgetConsumedByIncident: times
            ? budgetConsumedDuring({
                burnDown: status.evaluation.burnDown,
                fromMs: times.at,
                toMs: times.resolvedAt ?? options.nowMs,
              })
            : undefined,
        };
      } catch (error) {
        return { sloRef, problem: String(error) };
      }
    }),
  );
}
