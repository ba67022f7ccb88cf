import { ResponseError } from '@backstage/errors';
import {
  DocsAuditHistory,
  EntityDocsAudit,
  TeamDocsAudit,
} from './docs/apiTypes';
import { AlertHygiene } from './hygiene/apiTypes';
import { OrgMetricsSeries } from './metrics/apiTypes';
import {
  GroupEscalation,
  OnCallHealth,
  OnCallProviderName,
  OnCallStatus,
} from './oncall/apiTypes';
import {
  CreatePostmortemRequest,
  PostmortemInput,
  PostmortemRecord,
  PostmortemStats,
} from './postmortems/apiTypes';

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

/**
 * The SLO of an SLO burn alert, as it stood when the alert was routed.
 *
 * @public
 */
export type RoutedSloContext = {
  sloRef: string;
  title?: string;
  objective?: number;
  /** Share of the error budget left, 0..1. */
  budgetRemaining?: number;
  /** The long-window burn rate when it fired, and the rate the alert fires at. */
  burnRate?: number;
  factor?: number;
  state?: string;
};

/**
 * Who was on call for the alert's owner when it was routed: the first
 * schedule with someone on call, from the provider that answered (the
 * team's own, or the built-in rotation it fell back to). A person is named
 * by catalog User ref, else email, else the provider's name.
 *
 * @public
 */
export type RoutedOnCall = {
  provider?: OnCallProviderName;
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
  startsAt?: number;
  summary?: string;
  runbookUrl?: string;
  generatorUrl?: string;
  /** The SLO of an SLO burn alert, as it stood when routed. */
  slo?: RoutedSloContext;
  acknowledgedAt?: number;
  acknowledgedBy?: string;
  actioned?: boolean;
  actionedAt?: number;
  actionedBy?: string;
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
  acknowledgeDecision(options: { id: number }): Promise<RoutingDecisionRecord>;
  markDecisionActioned(options: {
    id: number;
    actioned: boolean;
  }): Promise<RoutingDecisionRecord>;

  getHygiene(options: {
    ownerRef?: string;
    weeks?: number;
  }): Promise<AlertHygiene>;
  getOrgMetrics(options: {
    weeks?: number;
    points?: number;
    stepWeeks?: number;
  }): Promise<OrgMetricsSeries>;

  listPostmortems(options: {
    ownerRef?: string;
    limit?: number;
  }): Promise<{ items: PostmortemRecord[] }>;
  getPostmortem(options: { id: number }): Promise<PostmortemRecord>;
  createPostmortem(request: CreatePostmortemRequest): Promise<PostmortemRecord>;
  updatePostmortem(options: {
    id: number;
    document: PostmortemInput;
  }): Promise<PostmortemRecord>;
  deletePostmortem(options: { id: number }): Promise<void>;
  getPostmortemStats(options: {
    ownerRef?: string;
    days?: number;
  }): Promise<PostmortemStats>;
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

  acknowledgeDecision(options: { id: number }): Promise<RoutingDecisionRecord> {
    return this.send('POST', `/v1/routing/decisions/${options.id}/acknowledge`);
  }

  markDecisionActioned(options: {
    id: number;
    actioned: boolean;
  }): Promise<RoutingDecisionRecord> {
    return this.send('POST', `/v1/routing/decisions/${options.id}/actioned`, {
      actioned: options.actioned,
    });
  }

  getHygiene(
    options: { ownerRef?: string; weeks?: number } = {},
  ): Promise<AlertHygiene> {
    return this.get('/v1/hygiene', options);
  }

  getOrgMetrics(
    options: { weeks?: number; points?: number; stepWeeks?: number } = {},
  ): Promise<OrgMetricsSeries> {
    return this.get('/v1/metrics/org', options);
  }

  listPostmortems(
    options: { ownerRef?: string; limit?: number } = {},
  ): Promise<{ items: PostmortemRecord[] }> {
    return this.get('/v1/postmortems', options);
  }

  getPostmortem(options: { id: number }): Promise<PostmortemRecord> {
    return this.get(`/v1/postmortems/${options.id}`);
  }

  createPostmortem(
    request: CreatePostmortemRequest,
  ): Promise<PostmortemRecord> {
    return this.send('POST', '/v1/postmortems', request);
  }

  updatePostmortem(options: {
    id: number;
    document: PostmortemInput;
  }): Promise<PostmortemRecord> {
    return this.send('PUT', `/v1/postmortems/${options.id}`, {
      document: options.document,
    });
  }

  async deletePostmortem(options: { id: number }): Promise<void> {
    await this.send('DELETE', `/v1/postmortems/${options.id}`);
  }

  getPostmortemStats(
    options: { ownerRef?: string; days?: number } = {},
  ): Promise<PostmortemStats> {
    return this.get('/v1/postmortems/stats', options);
  }

  private get<T>(
    path: string,
    query: Record<string, string | number | undefined> = {},
  ): Promise<T> {
    return this.send('GET', path, undefined, query);
  }

  private async send<T>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
    query: Record<string, string | number | undefined> = {},
  ): Promise<T> {
    const url = new URL(
      `${await this.discoveryApi.getBaseUrl('ownership')}${path}`,
    );
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const response = await this.fetchApi.fetch(url.toString(), {
      method,
      ...(body === undefined
        ? {}
        : {
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          }),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (response.status === 204 ? undefined : await response.json()) as T;
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
