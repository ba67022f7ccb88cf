import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogService,
} from '@backstage/plugin-catalog-node';
import {
  DocsFinding,
  DocsPolicyConfig,
  auditDocs,
} from '@steward/plugin-ownership-common';

/** The docs score, 0 to 100, as the catalog last computed it. @public */
export const DOCS_SCORE_ANNOTATION = 'steward.dev/docs-score';
/** One line per finding: severity, rule, message and fix. @public */
export const DOCS_FINDINGS_ANNOTATION = 'steward.dev/docs-findings';

function line(f: DocsFinding): string {
  return `${f.severity} ${f.rule}: ${f.message}. Fix: ${f.fix}.`;
}

/**
 * Runs Steward's docs audit on each Component as the catalog processes it
 * and writes the result onto the entity as two annotations.
 *
 * Why annotations and not processing errors: in this Backstage version a
 * processor's only way to report a problem is an error result, and any
 * error fails the entity's processing, so the catalog keeps serving the
 * previous version (and never ingests a new Component at all) until the
 * docs are fixed. A missing runbook must not freeze a service's catalog
 * entry, and entity status items of level `warning` cannot be emitted by
 * processors yet. The annotations are visible on every entity page's
 * "Inspect entity" view and through the catalog API, and change with each
 * processing round.
 */
export class DocsAuditProcessor implements CatalogProcessor {
  private constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      policy: DocsPolicyConfig;
    },
  ) {}

  static create(options: {
    catalog: CatalogService;
    auth: AuthService;
    logger: LoggerService;
    policy: DocsPolicyConfig;
  }): DocsAuditProcessor {
    return new DocsAuditProcessor(options);
  }

  getProcessorName(): string {
    return 'DocsAuditProcessor';
  }

  /** The owner's full ref when it is a Group in the catalog. */
  private async existingOwner(entity: Entity): Promise<string | undefined> {
    const owner = entity.spec?.owner;
    if (typeof owner !== 'string' || owner.trim() === '') return undefined;
    let ref: string;
    try {
      ref = stringifyEntityRef(
        parseEntityRef(owner.trim(), {
          defaultKind: 'group',
          defaultNamespace: entity.metadata.namespace ?? 'default',
        }),
      );
    } catch {
      return undefined;
    }
    const { items } = await this.options.catalog.getEntitiesByRefs(
      {
        entityRefs: [ref],
        fields: ['kind', 'metadata.namespace', 'metadata.name'],
      },
      { credentials: await this.options.auth.getOwnServiceCredentials() },
    );
    return items[0]
      ? stringifyEntityRef(items[0]).toLocaleLowerCase('en-US')
      : undefined;
  }

  async postProcessEntity(entity: Entity): Promise<Entity> {
    if (entity.kind.toLocaleLowerCase('en-US') !== 'component') return entity;
    let owner: string | undefined;
    try {
      owner = await this.existingOwner(entity);
    } catch (error) {
      // Without the catalog the owner check would report every owner
      // missing; leave the entity unannotated until the next round.
      this.options.logger.warn(
        `Docs audit of ${stringifyEntityRef(entity)} skipped: ${error}`,
      );
      return entity;
    }
    const { score, findings } = auditDocs({
      entity,
      now: Date.now(),
      policy: {
        ...this.options.policy,
        groupRefs: new Set(owner ? [owner] : []),
      },
    });
    const annotations = { ...entity.metadata.annotations };
    annotations[DOCS_SCORE_ANNOTATION] = String(score);
    if (findings.length) {
      annotations[DOCS_FINDINGS_ANNOTATION] = findings.map(line).join('\n');
    } else {
      delete annotations[DOCS_FINDINGS_ANNOTATION];
    }
    return { ...entity, metadata: { ...entity.metadata, annotations } };
  }
}
