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

  async getHealth(): Promise<HealthResponse> {
    const baseUrl = await this.discoveryApi.getBaseUrl('ownership');
    const response = await this.fetchApi.fetch(`${baseUrl}/health`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as HealthResponse;
  }

  /** GETs a path with the defined parameters as its query string. */
  private async get<T>(
    path: string,
    query: Record<string, string | number | undefined>,
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('ownership');
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) params.set(key, String(value));
    }
    const qs = params.toString();
    const response = await this.fetchApi.fetch(
      `${baseUrl}${path}${qs ? `?${qs}` : ''}`,
    );
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
