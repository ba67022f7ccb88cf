import { ResponseError } from '@backstage/errors';
import {
  DocsAuditHistory,
  EntityDocsAudit,
  TeamDocsAudit,
} from './docs/apiTypes';
import { GroupEscalation, OnCallHealth, OnCallStatus } from './oncall/apiTypes';

/** @public */
export type HealthResponse = { status: 'ok' };

/**
 * What the Ownership client needs from its host: Backstage's discovery and
 * fetch APIs on the frontend, or equivalents on the backend.
 *
 * @public
 */
export type OwnershipClientOptions = {
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  fetchApi?: { fetch: typeof fetch };
};

/**
 * Whose on-call: a Group (`groupRef`), or the Group that owns an entity
 * (`entityRef`); `at` in Unix ms, default now.
 *
 * @public
 */
export type OnCallQuery = (
  | { groupRef: string; entityRef?: never }
  | { entityRef: string; groupRef?: never }
) & { at?: number };

/** Who was on call for the alert's owner when it was routed. @public */
export type RoutedOnCall = {
  rotation?: string;
  current?: string;
  next?: string;
  nextAtMs?: number;
};

/**
 * One routed alert, as `GET /v1/routing/decisions` serves it: where the
 * trace walk led and why.
 *
 * @public
 */
export type RoutingDecisionRecord = {
  id: number;
  receivedAt: number;
  source: 'alertmanager' | 'slo';
  alertName: string;
  status: 'firing' | 'resolved';
  traceId?: string;
  alertService?: string;
  culpritService?: string;
  entityRef?: string;
  ownerRef?: string;
  oncall?: RoutedOnCall;
  explanation: string[];
  tracePath?: string[];
  duplicateOf?: number;
  repeats: number;
};

/** @public */
export interface OwnershipApi {
  getHealth(): Promise<HealthResponse>;
  getDocsAudit(options: { entityRef: string }): Promise<EntityDocsAudit>;
  getTeamDocsAudit(options: { groupRef: string }): Promise<TeamDocsAudit>;
  getDocsAuditHistory(options: {
    entityRef?: string;
    groupRef?: string;
    days?: number;
  }): Promise<DocsAuditHistory>;
  getOnCall(options: OnCallQuery): Promise<OnCallStatus>;
  getEscalation(options: OnCallQuery): Promise<GroupEscalation>;
  getRotationHealth(options?: { groupRef?: string }): Promise<OnCallHealth>;

  listRoutingDecisions(query: {
    entityRef?: string;
    ownerRef?: string;
    limit?: number;
  }): Promise<{ items: RoutingDecisionRecord[] }>;
}

/**
 * HTTP client for the `ownership` backend plugin.
 *
 * @public
 */
export class OwnershipClient implements OwnershipApi {
  private readonly discoveryApi: OwnershipClientOptions['discoveryApi'];
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: OwnershipClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch };
  }

  getHealth(): Promise<HealthResponse> {
    return this.get('/health');
  }

  listRoutingDecisions(
    query: { entityRef?: string; ownerRef?: string; limit?: number } = {},
  ): Promise<{ items: RoutingDecisionRecord[] }> {
    return this.get('/v1/routing/decisions', query);
  }

  private async get<T>(
    path: string,
    query: Record<string, string | number | undefined> = {},
  ): Promise<T> {
    const url = new URL(
      `${await this.discoveryApi.getBaseUrl('ownership')}${path}`,
    );
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const response = await this.fetchApi.fetch(url.toString());
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }

  getDocsAudit(options: { entityRef: string }): Promise<EntityDocsAudit> {
    return this.get('/v1/docs/audit', options);
  }

  getTeamDocsAudit(options: { groupRef: string }): Promise<TeamDocsAudit> {
    return this.get('/v1/docs/audit/team', options);
  }

  getDocsAuditHistory(options: {
    entityRef?: string;
    groupRef?: string;
    days?: number;
  }): Promise<DocsAuditHistory> {
    return this.get('/v1/docs/audit/history', options);
  }

  getOnCall(options: OnCallQuery): Promise<OnCallStatus> {
    return this.get('/v1/oncall', options);
  }

  getEscalation(options: OnCallQuery): Promise<GroupEscalation> {
    return this.get('/v1/oncall/escalation', options);
  }

  getRotationHealth(
    options: { groupRef?: string } = {},
  ): Promise<OnCallHealth> {
    return this.get('/v1/oncall/health', options);
  }
}
