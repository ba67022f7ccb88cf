import { formatPath } from '../validation/issues';
import { OpenSloIssue } from './issues';
import {
  OpenSloAlertPolicy,
  OpenSloAlertPolicySpec,
  OpenSloSli,
  OpenSloSliSpec,
  OpenSloSlo,
  objectiveIssues,
} from './schemas';

/**
 * The SLI an SLO measures, whether inline or referenced.
 *
 * @public
 */
export type ResolvedIndicator = {
  name: string;
  displayName?: string;
  spec: OpenSloSliSpec;
};

/**
 * The SLI an SLO measures: its inline `indicator`, or the SLI entity its
 * `indicatorRef` names. `slis` is keyed by `metadata.name`, built from the
 * SLIs of the SLO's namespace. A referenced SLI is also checked against the
 * SLO's objectives, which validating the SLO alone could not do.
 *
 * @public
 */
export function resolveIndicator(options: {
  slo: OpenSloSlo;
  slis: ReadonlyMap<string, OpenSloSli>;
}):
  | { ok: true; indicator: ResolvedIndicator }
  | { ok: false; issues: OpenSloIssue[] } {
  const { spec } = options.slo;
  let indicator: ResolvedIndicator;
  if (spec.indicator) {
    indicator = { ...spec.indicator.metadata, spec: spec.indicator.spec };
  } else {
    const sli = spec.indicatorRef && options.slis.get(spec.indicatorRef);
    if (!sli) {
      return {
        ok: false,
        issues: [
          {
            path: 'spec.indicatorRef',
            message: `must name an SLI in the catalog; there is no SLI named "${spec.indicatorRef}"`,
          },
        ],
      };
    }
    indicator = {
      name: sli.metadata.name,
      displayName: sli.metadata.displayName,
      spec: sli.spec,
    };
  }
  const issues = objectiveIssues(indicator.spec, spec.objectives).map(i => ({
    path: formatPath(['spec', ...i.path]),
    message: i.message,
  }));
  return issues.length > 0 ? { ok: false, issues } : { ok: true, indicator };
}

/**
 * The alert policies an SLO uses, inline or referenced by name (`policies`
 * is keyed by `metadata.name`). Unknown references are reported and the
 * others still returned: alerting on some windows beats alerting on none.
 * An SLO without `alertPolicies` gets none here, and the default windows.
 *
 * @public
 */
export function resolveAlertPolicies(options: {
  slo: OpenSloSlo;
  policies: ReadonlyMap<string, OpenSloAlertPolicy>;
}): {
  policies: Array<{ name: string; spec: OpenSloAlertPolicySpec }>;
  issues: OpenSloIssue[];
} {
  const policies: Array<{ name: string; spec: OpenSloAlertPolicySpec }> = [];
  const issues: OpenSloIssue[] = [];
  (options.slo.spec.alertPolicies ?? []).forEach((item, index) => {
    if (typeof item !== 'string' && 'spec' in item) {
      policies.push({ name: item.metadata.name, spec: item.spec });
      return;
    }
    const ref = typeof item === 'string' ? item : item.alertPolicyRef;
    const policy = options.policies.get(ref);
    if (policy) {
      policies.push({ name: policy.metadata.name, spec: policy.spec });
    } else {
      issues.push({
        path: formatPath(
          typeof item === 'string'
            ? ['spec', 'alertPolicies', index]
            : ['spec', 'alertPolicies', index, 'alertPolicyRef'],
        ),
        message: `must name an AlertPolicy in the catalog; there is no AlertPolicy named "${ref}"`,
      });
    }
  });
  return { policies, issues };
}
