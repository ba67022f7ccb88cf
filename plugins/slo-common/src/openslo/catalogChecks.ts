import { budgetPolicyFromAnnotations } from './annotations';
import { OpenSloIssue } from './issues';
import { resolveAlertPolicies, resolveIndicator } from './resolve';
import { OpenSloAlertPolicy, OpenSloSli, OpenSloSlo } from './schemas';
import { OpenSloValidationResult, validateOpenSloEntity } from './validate';

/**
 * Validates an OpenSLO document as the catalog accepts it: the OpenSLO
 * schema, and for an SLO its error budget policy annotations. The SLO
 * backend's budget defaults are configurable, so the annotations are checked
 * against the widest ones (warn at 0, freeze at 1): only values wrong under
 * every configuration are refused.
 *
 * @public
 */
export function validateOpenSloDocument(doc: unknown): OpenSloValidationResult {
  const result = validateOpenSloEntity(doc);
  const metadata =
    typeof doc === 'object' && doc !== null
      ? (doc as { kind?: unknown; metadata?: { annotations?: unknown } })
      : {};
  if (metadata.kind !== 'SLO') {
    return result;
  }
  const annotations = metadata.metadata?.annotations;
  const { issues } = budgetPolicyFromAnnotations({
    annotations:
      typeof annotations === 'object' && annotations !== null
        ? (annotations as Record<string, string>)
        : undefined,
    defaults: { warnAt: 0, freezeAt: 1 },
  });
  if (issues.length === 0) {
    return result;
  }
  return {
    ok: false,
    issues: [...(result.ok ? [] : result.issues), ...issues],
  };
}

/**
 * What an SLO names that must exist beside it: the Component of
 * `spec.service`, the SLI of `indicatorRef` (checked against the SLO's
 * objectives) and the AlertPolicies it references. `slis` and `policies` are
 * keyed by name, from the SLO's namespace. The catalog module runs this
 * against the catalog; `steward validate` against the files of a repository.
 *
 * @public
 */
export function sloReferenceIssues(options: {
  slo: OpenSloSlo;
  /** Whether the Component `serviceEntityRef(slo)` names exists. */
  componentExists: boolean;
  componentRef: string;
  slis: ReadonlyMap<string, OpenSloSli>;
  policies: ReadonlyMap<string, OpenSloAlertPolicy>;
}): OpenSloIssue[] {
  const issues: OpenSloIssue[] = [];
  if (!options.componentExists) {
    issues.push({
      path: 'spec.service',
      message: `must name a Component in the catalog; there is no ${options.componentRef}`,
    });
  }
  const indicator = resolveIndicator({ slo: options.slo, slis: options.slis });
  if (!indicator.ok) {
    issues.push(...indicator.issues);
  }
  issues.push(
    ...resolveAlertPolicies({ slo: options.slo, policies: options.policies })
      .issues,
  );
  return issues;
}
