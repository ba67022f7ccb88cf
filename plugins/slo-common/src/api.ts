import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type { SloEvaluation } from './evaluation';
import type {
  ComplianceVerdict,
  DependencyContribution,
  DerivedAvailabilityObjective,
  EscalationLevel,
  GateDecision,
} from './math';

/** @public */
export type HealthResponse = { status: 'ok' };

/**
 * What the SLO client needs from its host: Backstage's discovery and
 * fetch APIs on the frontend, or equivalents on the backend.
 *
 * @public
 */
export type SloClientOptions = {
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  fetchApi?: { fetch: typeof fetch };
};

/** One SLO's latest status, as lists show it. @public */
export type SloSummary = {
  sloRef: string;
  title: string;
  entityRef: string;
  ownerRef?: string;
  objective: number;
  state: SloEvaluation['state'];
  sliRatio?: number;
  budgetRemaining?: number;
  gate: GateDecision;
  firing?: SloEvaluation['firing'];
  evaluatedAt: number;
};

/** @public */
export type SloListResponse = { items: SloSummary[] };

/** One SLO in full: its definition, latest evaluation and call-graph view. @public */
export type SloDetailResponse = SloSummary & {
  definition: {
    serviceName: string;
    description?: string;
    budgetingMethod: string;
    timeWindow: unknown;
    objectives: unknown[];
    indicator?: unknown;
    problems: string[];
  };
  evaluation: SloEvaluation;
  escalation: {
    consecutiveMissed: number;
    level: EscalationLevel;
    majorIncident: boolean;
    crossTeamPostmortem: boolean;
  };
  /** Downstream edges ranked by their share of the caller's errors, over the last hour. */
  dependencyContribution?: {
    ranked: DependencyContribution[];
    unexplained: { errorShare: number; slowShare: number };
  };
  derivedObjectives?: DerivedAvailabilityObjective[];
  /** For latency SLOs: the quantile each downstream call needs at the caller's threshold. */
  derivedLatencyObjective?: {
    perCallQuantile: number;
    thresholdMs: number;
    reasoning: string;
  };
};

/** @public */
export type GateResponse = {
  entityRef: string;
  decision: GateDecision;
  slos: Array<
    Pick<
      SloSummary,
      'sloRef' | 'title' | 'gate' | 'state' | 'budgetRemaining'
    > & {
      consumed?: number;
      warnAt: number;
      freezeAt: number;
    }
  >;
  reasons: string[];
};

/**
 * A Component's SLOs tab in one answer (`GET /v1/entity-slos`): the
 * release gate and every SLO in full.
 *
 * @public
 */
export type EntitySlosResponse = {
  gate: GateResponse;
  slos: SloDetailResponse[];
};

/** @public */
export type DeployRecord = {
  id: number;
  entityRef: string;
  version?: string;
  deployedAt: number;
  recordedBy: string;
  /** Followed within the failure window by an SLO alert. */
  failed: boolean;
};

/** What `POST /v1/deploys` answers. @public */
export type DeployRecordedResponse = {
  id: number;
  entityRef: string;
  version?: string;
  deployedAt?: number;
};

/** @public */
export type DeploysResponse = {
  items: DeployRecord[];
  changeFailureRate?: number;
};

/** @public */
export type SloAlertRecord = {
  sloRef: string;
  entityRef: string;
  ownerRef?: string;
  alert: string;
  severity: string;
  state: 'firing' | 'resolved';
  at: number;
  longBurn?: number;
  shortBurn?: number;
  factor: number;
};

/** A team's SLOs over one quarter. @public */
export type ScorecardResponse = {
  teamRef: string;
  quarter: { year: number; quarter: number };
  summary: {
    met: number;
    missed: number;
    tooFewEvents: number;
    noData: number;
  };
  slos: Array<
    Pick<
      SloSummary,
      | 'sloRef'
      | 'title'
      | 'entityRef'
      | 'objective'
      | 'budgetRemaining'
      | 'gate'
    > & {
      verdict?: ComplianceVerdict;
      good?: number;
      total?: number;
      consecutiveMissed: number;
      escalation: EscalationLevel;
    }
  >;
};

/** @public */
export interface SloApi {
  getHealth(): Promise<HealthResponse>;
  listSlos(query?: {
    entityRef?: string;
    ownerRef?: string;
  }): Promise<SloListResponse>;
  getSlo(sloRef: string): Promise<SloDetailResponse>;
  getGate(entityRef: string): Promise<GateResponse>;
  getEntitySlos(entityRef: string): Promise<EntitySlosResponse>;
  getDeploys(entityRef: string): Promise<DeploysResponse>;
  recordDeploy(deploy: {
    entityRef: string;
    version?: string;
    deployedAt?: number;
  }): Promise<DeployRecordedResponse>;
  getAlerts(query: {
    entityRef?: string;
    sloRef?: string;
    limit?: number;
  }): Promise<{ items: SloAlertRecord[] }>;
  getScorecard(query: {
    teamRef: string;
    quarter?: string;
  }): Promise<ScorecardResponse>;
}

/**
 * HTTP client for the `slo` backend plugin.
 *
 * @public
 */
export class SloClient implements SloApi {
  private readonly discoveryApi: SloClientOptions['discoveryApi'];
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: SloClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch };
  }

  getHealth(): Promise<HealthResponse> {
    return this.get('/health');
  }

  listSlos(
    query: { entityRef?: string; ownerRef?: string } = {},
  ): Promise<SloListResponse> {
    return this.get('/v1/slos', query);
  }

  getSlo(sloRef: string): Promise<SloDetailResponse> {
    const ref = parseEntityRef(sloRef, {
      defaultKind: 'slo',
      defaultNamespace: 'default',
    });
    return this.get(
      `/v1/slos/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(
        ref.name,
      )}`,
    );
  }

  getGate(entityRef: string): Promise<GateResponse> {
    return this.get('/v1/gate', { entityRef });
  }

  getEntitySlos(entityRef: string): Promise<EntitySlosResponse> {
    return this.get('/v1/entity-slos', { entityRef });
  }

  getDeploys(entityRef: string): Promise<DeploysResponse> {
    return this.get('/v1/deploys', { entityRef });
  }

  async recordDeploy(deploy: {
    entityRef: string;
    version?: string;
    deployedAt?: number;
  }): Promise<DeployRecordedResponse> {
    const response = await this.fetchApi.fetch(
      `${await this.discoveryApi.getBaseUrl('slo')}/v1/deploys`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(deploy),
      },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as DeployRecordedResponse;
  }

  getAlerts(query: {
    entityRef?: string;
    sloRef?: string;
    limit?: number;
  }): Promise<{ items: SloAlertRecord[] }> {
    return this.get('/v1/alerts', query);
  }

  getScorecard(query: {
    teamRef: string;
    quarter?: string;
  }): Promise<ScorecardResponse> {
    return this.get('/v1/scorecards', {
      team: query.teamRef,
      quarter: query.quarter,
    });
  }

  private async get<T>(
    path: string,
    query: Record<string, string | number | undefined> = {},
  ): Promise<T> {
    const url = new URL(`${await this.discoveryApi.getBaseUrl('slo')}${path}`);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const response = await this.fetchApi.fetch(url.toString());
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
