import { alertWindowsFromPolicy, AlertWindow } from '../math/alertWindows';
import { ErrorBudgetPolicy } from '../math/gate';
import { resolveWindow } from '../math/windows';
import { budgetPolicyFromAnnotations } from '../openslo/annotations';
import { ResolvedIndicator } from '../openslo/resolve';
import {
  OpenSloAlertPolicySpec,
  OpenSloSlo,
  objectiveTarget,
} from '../openslo/schemas';
import type { OpenSloSliSpec } from '../openslo/schemas';
import type { PrometheusRulesSlo } from './prometheusRules';

/**
 * What the rule and dashboard generators need of one SLO, taken from its
 * validated OpenSLO document and resolved indicator and policies.
 *
 * @public
 */
export type SloGeneratorInput = {
  slo: PrometheusRulesSlo;
  sli: OpenSloSliSpec;
  /** From the SLO's AlertPolicies; undefined for the default windows. */
  alertWindows?: AlertWindow[];
  budgetPolicy: ErrorBudgetPolicy;
};

/**
 * The generators' input for an SLO read from files, as the SLO backend
 * builds it from an evaluated SLO: the first objective, the period of the
 * time window at `nowMs` (a calendar month or quarter has the length of the
 * current one), and the alert windows of its policies. `serviceName` is the
 * OTel `service.name` of its Component. Undefined before a calendar
 * window's start, when there is no period yet.
 *
 * @public
 */
export function sloGeneratorInput(options: {
  slo: OpenSloSlo;
  indicator: ResolvedIndicator;
  policies: ReadonlyArray<{ spec: OpenSloAlertPolicySpec }>;
  serviceName: string;
  nowMs: number;
}): SloGeneratorInput | undefined {
  const { slo } = options;
  const window = resolveWindow({
    timeWindow: slo.spec.timeWindow[0],
    nowMs: options.nowMs,
  });
  if (!window) {
    return undefined;
  }
  const { warnAt, freezeAt } = budgetPolicyFromAnnotations({
    annotations: slo.metadata.annotations,
  });
  return {
    slo: {
      name: slo.metadata.name,
      displayName: slo.metadata.displayName,
      service: options.serviceName,
      objective: objectiveTarget(slo.spec.objectives[0]),
      periodMs: window.periodMs,
    },
    sli: options.indicator.spec,
    alertWindows:
      options.policies.length > 0
        ? alertWindowsFromPolicy({
            policies: options.policies,
            periodMs: window.periodMs,
          })
        : undefined,
    budgetPolicy: { warnAt, freezeAt },
  };
}
