import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  budgetConsumedText,
  GateResponse,
  SloClient,
} from '@steward/plugin-slo-common';

/** The weakest decision that fails the pipeline; `never` only reports. */
export type FailOn = 'warn' | 'freeze' | 'never';

export type GateOutcome = {
  exitCode: 0 | 1;
  response: GateResponse;
  deploy?: { id: number };
  text: string;
};

function percent(value: number | undefined): string {
  return value === undefined ? 'n/a' : `${(100 * value).toFixed(1)}%`;
}

function failsOn(decision: GateResponse['decision'], failOn: FailOn) {
  if (failOn === 'never') return false;
  return decision === 'freeze' || (failOn === 'warn' && decision === 'warn');
}

/**
 * Asks the SLO backend whether a Component may ship (`GET
 * /api/slo/v1/gate`), and when it may and `recordDeploy` is set, records
 * the deploy (`POST /api/slo/v1/deploys`) so that SLO alerts after it count
 * against the change.
 */
export async function runGate(options: {
  backend: string;
  entity: string;
  token?: string;
  failOn: FailOn;
  recordDeploy: boolean;
  version?: string;
}): Promise<GateOutcome> {
  const entityRef = stringifyEntityRef(
    parseEntityRef(options.entity, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    }),
  ).toLocaleLowerCase('en-US');
  const base = options.backend.replace(/\/+$/, '');
  const client = new SloClient({
    discoveryApi: { getBaseUrl: async pluginId => `${base}/api/${pluginId}` },
    fetchApi: {
      fetch: (input, init) =>
        fetch(input, {
          ...init,
          headers: {
            ...(init?.headers as Record<string, string> | undefined),
            ...(options.token && { authorization: `Bearer ${options.token}` }),
          },
        }),
    },
  });

  const response = await client.getGate(entityRef);
  const fails = failsOn(response.decision, options.failOn);
  const lines = [`${entityRef}: ${response.decision}`];
  for (const slo of response.slos) {
    lines.push(
      `  ${slo.title} (${slo.sloRef}): ${slo.gate}, ${
        slo.consumed === undefined
          ? 'error budget consumed: n/a'
          : budgetConsumedText(slo.consumed)
      } (warn at ${percent(slo.warnAt)}, freeze at ${percent(slo.freezeAt)})`,
    );
  }
  for (const reason of response.reasons) {
    lines.push(`  reason: ${reason}`);
  }
  if (response.decision === 'warn' && !fails) {
    lines.push(
      'warning: the error budget is running low; the deploy may proceed',
    );
  }
  let deploy: { id: number } | undefined;
  if (fails) {
    lines.push(
      `blocked: ${response.decision} fails the pipeline (--fail-on ${options.failOn})`,
    );
  } else if (options.recordDeploy) {
    const recorded = await client.recordDeploy({
      entityRef,
      version: options.version,
    });
    deploy = { id: recorded.id };
    lines.push(
      `recorded deploy ${recorded.id}${
        options.version ? ` of version ${options.version}` : ''
      }`,
    );
  }
  return {
    exitCode: fails ? 1 : 0,
    response,
    deploy,
    text: `${lines.join('\n')}\n`,
  };
}
