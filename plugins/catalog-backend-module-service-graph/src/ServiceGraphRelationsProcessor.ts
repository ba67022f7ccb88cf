import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  parseEntityRef,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError, ResponseError } from '@backstage/errors';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import { z } from 'zod';

const REQUEST_TIMEOUT_MS = 10_000;

const entityRef = z.string().transform((value, ctx) => {
  try {
    return parseEntityRef(value);
  } catch {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'not an entity ref' });
    return z.NEVER;
  }
});

/** The part of `CatalogRelationsResponse` the processor needs. */
const relationsAnswer = z.object({
  relations: z.array(z.object({ source: entityRef, target: entityRef })),
});

type Dependency = { source: CompoundEntityRef; target: CompoundEntityRef };

/** Observed dependencies by the ref of each entity at either end. */
type DependencyIndex = Map<string, Dependency[]>;

function indexDependencies(
  relations: z.output<typeof relationsAnswer>['relations'],
): DependencyIndex {
  const seen = new Set<string>();
  const index: DependencyIndex = new Map();
  for (const relation of relations) {
    const source = stringifyEntityRef(relation.source);
    const target = stringifyEntityRef(relation.target);
    // One relation per pair: connection types are not catalog relations.
    const key = `${source}\u0000${target}`;
    if (seen.has(key)) continue;
    seen.add(key);
    for (const ref of [source, target]) {
      const entries = index.get(ref) ?? [];
      entries.push(relation);
      index.set(ref, entries);
    }
  }
  return index;
}

/**
 * Emits `dependsOn` and `dependencyOf` relations for the dependencies the
 * service-graph plugin observed between Components and Resources. Both ends
 * emit each pair, so a relation lives as long as either entity does.
 *
 * @public
 */
export class ServiceGraphRelationsProcessor implements CatalogProcessor {
  private readonly auth: AuthService;
  private readonly discovery: DiscoveryService;
  private readonly logger: LoggerService;
  private readonly refreshMs: number;
  private current?: { expiresAt: number; index: Promise<DependencyIndex> };
  private lastRead?: DependencyIndex;

  static create(options: {
    auth: AuthService;
    config: Config;
    discovery: DiscoveryService;
    logger: LoggerService;
  }): ServiceGraphRelationsProcessor {
    const key = 'serviceGraph.catalog.refreshSeconds';
    const refreshSeconds = options.config.getOptionalNumber(key) ?? 60;
    if (!(refreshSeconds > 0)) {
      throw new InputError(`${key} must be positive, got ${refreshSeconds}`);
    }
    return new ServiceGraphRelationsProcessor({
      ...options,
      refreshMs: refreshSeconds * 1000,
    });
  }

  private constructor(options: {
    auth: AuthService;
    discovery: DiscoveryService;
    logger: LoggerService;
    refreshMs: number;
  }) {
    this.auth = options.auth;
    this.discovery = options.discovery;
    this.logger = options.logger;
    this.refreshMs = options.refreshMs;
  }

  getProcessorName(): string {
    return 'ServiceGraphRelationsProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    _location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    const kind = entity.kind.toLocaleLowerCase('en-US');
    if (kind !== 'component' && kind !== 'resource') {
      return entity;
    }
    const index = await this.getIndex();
    const dependencies = index.get(stringifyEntityRef(entity)) ?? [];
    for (const { source, target } of dependencies) {
      emit(
        processingResult.relation({
          source,
          type: RELATION_DEPENDS_ON,
          target,
        }),
      );
      emit(
        processingResult.relation({
          source: target,
          type: RELATION_DEPENDENCY_OF,
          target: source,
        }),
      );
    }
    return entity;
  }

  /** One read per refresh period, shared by every entity processed in it. */
  private getIndex(): Promise<DependencyIndex> {
    const now = Date.now();
    if (!this.current || this.current.expiresAt <= now) {
      this.current = { expiresAt: now + this.refreshMs, index: this.read() };
    }
    return this.current.index;
  }

  /**
   * Never fails: catalog processing must not depend on the service graph
   * being up. The last answer read stands in while it is down, so that a
   * restart does not strip relations from the catalog and put them back.
   */
  private async read(): Promise<DependencyIndex> {
    try {
      const index = indexDependencies(await this.fetchRelations());
      this.lastRead = index;
      return index;
    } catch (error) {
      this.logger.warn(
        `Could not read observed relations from the service-graph plugin, ${
          this.lastRead ? 'keeping the previous ones' : 'emitting none'
        }: ${error}`,
      );
      return this.lastRead ?? new Map();
    }
  }

  private async fetchRelations() {
    const baseUrl = await this.discovery.getBaseUrl('service-graph');
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'service-graph',
    });
    const response = await fetch(`${baseUrl}/v1/catalog/relations`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return relationsAnswer.parse(await response.json()).relations;
  }
}
