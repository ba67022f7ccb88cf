import { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  budgetPolicyFromAnnotations,
  ErrorBudgetPolicy,
  OpenSloAlertPolicy,
  OpenSloSli,
  OpenSloSlo,
  resolveAlertPolicies,
  resolveIndicator,
  serviceEntityRef,
  ResolvedIndicator,
  validateOpenSloEntity,
} from '@steward/plugin-slo-common';

const SERVICE_NAME_ANNOTATION = 'steward.dev/service-name';

/** One SLO as the evaluator needs it, resolved against the catalog. */
export type SloDefinition = {
  sloRef: string;
  displayName: string;
  /** The Component the SLO is for. */
  entityRef: string;
  /** Its owner, which owns the SLO. */
  ownerRef?: string;
  /** The OTel service.name of the Component. */
  serviceName: string;
  slo: OpenSloSlo;
  indicator?: ResolvedIndicator;
  policies: Array<{ name: string; spec: any }>;
  objective: number;
  timeSliceTarget?: number;
  policy: ErrorBudgetPolicy;
  /** Why the SLO cannot be evaluated, when it cannot. */
  problems: string[];
};

/**
 * Reads every SLO, SLI and AlertPolicy entity and the Components they name,
 * and resolves each SLO's indicator, alert policies, owner, service name and
 * error budget policy. Problems are collected per SLO, never thrown: one bad
 * SLO must not stop the others' evaluation.
 */
export async function loadSloDefinitions(options: {
  catalog: CatalogService;
  auth: AuthService;
  defaults: ErrorBudgetPolicy;
}): Promise<SloDefinition[]> {
  const credentials = await options.auth.getOwnServiceCredentials();
  const { items } = await options.catalog.getEntities(
    {
      filter: [
        { kind: 'SLO' },
        { kind: 'SLI' },
        { kind: 'AlertPolicy' },
        { kind: 'Component' },
      ],
    },
    { credentials },
  );

  const slis = new Map<string, OpenSloSli>();
  const policies = new Map<string, OpenSloAlertPolicy>();
  const slos: OpenSloSlo[] = [];
  const components = new Map<string, Entity>();
  for (const entity of items) {
    if (entity.kind === 'Component') {
      components.set(stringifyEntityRef(entity), entity);
      continue;
    }
    const result = validateOpenSloEntity(entity);
    if (!result.ok) continue; // the catalog module reports these
    if (result.kind === 'SLI')
      slis.set(entity.metadata.name, result.value as OpenSloSli);
    if (result.kind === 'AlertPolicy') {
      policies.set(entity.metadata.name, result.value as OpenSloAlertPolicy);
    }
    if (result.kind === 'SLO') slos.push(result.value as OpenSloSlo);
  }

  return slos.map(slo => {
    const problems: string[] = [];
    const entityRef = serviceEntityRef(slo);
    const component = components.get(entityRef);
    if (!component)
      problems.push(`spec.service: no Component ${entityRef} in the catalog`);

    const indicator = resolveIndicator({ slo, slis });
    if (!indicator.ok)
      problems.push(...indicator.issues.map(i => `${i.path}: ${i.message}`));
    const alertPolicies = resolveAlertPolicies({ slo, policies });
    problems.push(...alertPolicies.issues.map(i => `${i.path}: ${i.message}`));
    const policy = budgetPolicyFromAnnotations({
      annotations: slo.metadata.annotations,
      defaults: options.defaults,
    });
    problems.push(...policy.issues.map(i => `${i.path}: ${i.message}`));

    const first = slo.spec.objectives[0];
    const owner = component?.spec?.owner as string | undefined;
    return {
      sloRef: stringifyEntityRef({
        kind: 'SLO',
        namespace: slo.metadata.namespace ?? 'default',
        name: slo.metadata.name,
      }),
      displayName: slo.metadata.displayName ?? slo.metadata.name,
      entityRef,
      ownerRef: owner
        ? stringifyEntityRef(
            parseEntityRef(owner, {
              defaultKind: 'group',
              defaultNamespace: component!.metadata.namespace ?? 'default',
            }),
          )
        : undefined,
      serviceName:
        component?.metadata.annotations?.[SERVICE_NAME_ANNOTATION] ??
        parseEntityRef(entityRef).name,
      slo,
      indicator: indicator.ok ? indicator.indicator : undefined,
      policies: alertPolicies.policies,
      objective: first.target ?? first.targetPercent! / 100,
      timeSliceTarget: first.timeSliceTarget,
      policy: { warnAt: policy.warnAt, freezeAt: policy.freezeAt },
      problems,
    };
  });
}
