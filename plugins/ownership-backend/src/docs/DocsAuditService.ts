import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  DocsScorePoint,
  EntityDocsAudit,
  TeamDocsAudit,
  auditDocs,
} from '@steward/plugin-ownership-common';
import { Knex } from 'knex';
import { OrgCatalog, ownerRef } from '../catalog/OrgCatalog';
import { OwnershipConfig } from '../config';
import { deleteDocsAuditsBefore } from '../database/deleteDocsAuditsBefore';
import { insertDocsAudits } from '../database/insertDocsAudits';
import { readDocsAuditHistory } from '../database/readDocsAuditHistory';
import { readLatestDocsAudit } from '../database/readLatestDocsAudit';

const DAY_MS = 86_400_000;

export interface DocsAuditService {
  auditEntity(options: {
    entityRef: string;
    credentials: BackstageCredentials;
    nowMs: number;
  }): Promise<EntityDocsAudit>;
  auditTeam(options: {
    groupRef: string;
    credentials: BackstageCredentials;
    nowMs: number;
  }): Promise<TeamDocsAudit>;
  /** Audits every Component and stores the run; returns how many. */
  auditAll(options: { nowMs: number }): Promise<{ audited: number }>;
  history(options: {
    entityRef?: string;
    groupRef?: string;
    fromMs: number;
  }): Promise<DocsScorePoint[]>;
}

/** The docs audit of `ownership-common`, served and stored. */
export class DefaultDocsAuditService implements DocsAuditService {
  private constructor(
    private readonly options: {
      knex: Knex;
      catalog: OrgCatalog;
      config: OwnershipConfig['docs'];
      logger: LoggerService;
    },
  ) {}

  static create(options: {
    knex: Knex;
    catalog: OrgCatalog;
    config: OwnershipConfig['docs'];
    logger: LoggerService;
  }): DocsAuditService {
    return new DefaultDocsAuditService(options);
  }

  private audit(entity: Entity, groupRefs: Set<string>, nowMs: number) {
    const { requiredLinks, maxReviewAgeDays } = this.options.config;
    const { score, findings } = auditDocs({
      entity,
      now: nowMs,
      policy: { requiredLinks, maxReviewAgeDays, groupRefs },
    });
    return {
      entityRef: stringifyEntityRef(entity),
      ownerRef: ownerRef(entity),
      score,
      findings,
      auditedAt: nowMs,
    };
  }

  /** The entity a query parameter names; a 400 when it is of another kind. */
  private async entityOfKind(options: {
    ref: string;
    param: string;
    kind: 'Component' | 'Group';
    credentials: BackstageCredentials;
  }): Promise<Entity> {
    const { ref, param, kind } = options;
    const entity = await this.options.catalog.entity(ref, options.credentials);
    if (entity.kind.toLowerCase() !== kind.toLowerCase()) {
      throw new InputError(
        `Invalid query: ${param}: must name a ${kind}: ${ref} is a ${entity.kind}`,
      );
    }
    return entity;
  }

  async auditEntity(options: {
    entityRef: string;
    credentials: BackstageCredentials;
    nowMs: number;
  }): Promise<EntityDocsAudit> {
    const entity = await this.entityOfKind({
      ref: options.entityRef,
      param: 'entityRef',
      kind: 'Component',
      credentials: options.credentials,
    });
    const audit = this.audit(
      entity,
      // Only this entity's owner matters: look it up, not every Group.
      new Set(
        [
          await this.options.catalog.existingOwner(entity, options.credentials),
        ].filter((ref): ref is string => ref !== undefined),
      ),
      options.nowMs,
    );
    const stored = await readLatestDocsAudit({
      knex: this.options.knex,
      entityRef: audit.entityRef.toLocaleLowerCase('en-US'),
    });
    return {
      ...audit,
      previous: stored
        ? { at: Number(stored.audited_at), score: stored.score }
        : undefined,
    };
  }

  async auditTeam(options: {
    groupRef: string;
    credentials: BackstageCredentials;
    nowMs: number;
  }): Promise<TeamDocsAudit> {
    const group = await this.entityOfKind({
      ref: options.groupRef,
      param: 'groupRef',
      kind: 'Group',
      credentials: options.credentials,
    });
    const groupRef = stringifyEntityRef(group);
    const components = await this.options.catalog.ownedComponents(
      groupRef,
      options.credentials,
    );
    // They are all owned by this Group, which exists.
    const groupRefs = new Set([groupRef]);
    const entities = components
      .map(c => this.audit(c, groupRefs, options.nowMs))
      .sort(
        (a, b) => a.score - b.score || a.entityRef.localeCompare(b.entityRef),
      );
    return {
      groupRef,
      score: entities.length
        ? Math.round(
            (10 * entities.reduce((sum, e) => sum + e.score, 0)) /
              entities.length,
          ) / 10
        : undefined,
      entities,
    };
  }

  async auditAll(options: { nowMs: number }): Promise<{ audited: number }> {
    const { knex, catalog, config, logger } = this.options;
    const [components, groupRefs] = await Promise.all([
      catalog.byKind('Component'),
      catalog.groupRefs(),
    ]);
    const rows = components.map(c => {
      const audit = this.audit(c, groupRefs, options.nowMs);
      return {
        audited_at: options.nowMs,
        // Refs compare case-insensitively in the catalog; lowercase them so
        // the history's lookups compare them with =.
        entity_ref: audit.entityRef.toLocaleLowerCase('en-US'),
        owner_ref: audit.ownerRef?.toLocaleLowerCase('en-US') ?? null,
        score: audit.score,
        findings: JSON.stringify(audit.findings),
      };
    });
    await insertDocsAudits({ knex, rows });
    const deleted = await deleteDocsAuditsBefore({
      knex,
      beforeMs: options.nowMs - config.historyDays * DAY_MS,
    });
    logger.info(
      `Docs audit: ${rows.length} Components audited, ${deleted} audits older than ${config.historyDays} days deleted`,
    );
    return { audited: rows.length };
  }

  history(options: {
    entityRef?: string;
    groupRef?: string;
    fromMs: number;
  }): Promise<DocsScorePoint[]> {
    return readDocsAuditHistory({
      knex: this.options.knex,
      entityRef: options.entityRef?.toLocaleLowerCase('en-US'),
      ownerRef: options.groupRef?.toLocaleLowerCase('en-US'),
      fromMs: options.fromMs,
    });
  }
}
