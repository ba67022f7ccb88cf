import { AuthService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  CompoundEntityRef,
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_HAS_PART,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  CatalogService,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  OpenSloAlertPolicy,
  OpenSloIssue,
  OpenSloSli,
  OpenSloSlo,
  serviceEntityRef,
  sloReferenceIssues,
  validateOpenSloDocument,
} from '@steward/plugin-slo-common';

const API_VERSION = 'openslo/v1';
const KINDS = new Set(['SLO', 'SLI', 'AlertPolicy']);

/**
 * How long a looked-up entity is reused. Every SLO of a Component asks for
 * the same Component and SLIs within one processing round; a short life
 * keeps an owner change from lagging behind by more than a round.
 */
const LOOKUP_TTL_MS = 10_000;

function isOpenSlo(entity: Entity): boolean {
  return entity.apiVersion === API_VERSION && KINDS.has(entity.kind);
}

/** `slo:default/x in file:/repo/slos.yaml`, or just the ref. */
function describe(entity: Entity): string {
  const ref = stringifyEntityRef(entity);
  const location = entity.metadata.annotations?.[ANNOTATION_LOCATION];
  return location ? `${ref} in ${location}` : ref;
}

function listIssues(issues: OpenSloIssue[]): string {
  return issues.map(i => `${i.path} ${i.message}`).join('; ');
}

/** The final entities of the catalog by ref, each read at most once a TTL. */
class EntityLookup {
  private readonly entries = new Map<
    string,
    { expiresAt: number; entity: Promise<Entity | undefined> }
  >();

  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
  ) {}

  async get(refs: string[]): Promise<Map<string, Entity | undefined>> {
    const now = Date.now();
    const unique = [...new Set(refs)];
    const missing = unique.filter(ref => {
      const entry = this.entries.get(ref);
      return !entry || entry.expiresAt <= now;
    });
    if (missing.length > 0) {
      const read = this.read(missing);
      missing.forEach((ref, index) => {
        const entity = read.then(items => items[index]);
        this.entries.set(ref, { expiresAt: now + LOOKUP_TTL_MS, entity });
        // An absent entity is not remembered: the SLO that names it must
        // see it on its next round, not one TTL later.
        entity.then(
          found => {
            if (!found) this.forget(ref, entity);
          },
          () => this.forget(ref, entity),
        );
      });
    }
    const pending = unique.map(ref => this.entries.get(ref)!.entity);
    const entities = await Promise.all(pending);
    return new Map(unique.map((ref, index) => [ref, entities[index]]));
  }

  private async read(refs: string[]): Promise<Array<Entity | undefined>> {
    const { items } = await this.catalog.getEntitiesByRefs(
      { entityRefs: refs },
      { credentials: await this.auth.getOwnServiceCredentials() },
    );
    return items.map(item => item ?? undefined);
  }

  private forget(ref: string, entity: Promise<Entity | undefined>) {
    if (this.entries.get(ref)?.entity === entity) {
      this.entries.delete(ref);
    }
  }
}

/**
 * Validates OpenSLO v1 `SLO`, `SLI` and `AlertPolicy` entities and places
 * SLOs in the catalog graph: an SLO is part of the Component its
 * `spec.service` names, owned by that Component's owner, and depends on the
 * SLI its `indicatorRef` names.
 *
 * @public
 */
export class OpenSloEntityProcessor implements CatalogProcessor {
  private readonly lookup: EntityLookup;

  static create(options: {
    catalog: CatalogService;
    auth: AuthService;
  }): OpenSloEntityProcessor {
    return new OpenSloEntityProcessor(
      new EntityLookup(options.catalog, options.auth),
    );
  }

  private constructor(lookup: EntityLookup) {
    this.lookup = lookup;
  }

  getProcessorName(): string {
    return 'OpenSloEntityProcessor';
  }

  /**
   * Throws on an invalid document, so that the catalog records the error
   * against the entity: a new one stays out, one that was valid before
   * keeps its last valid version and shows the error.
   */
  async validateEntityKind(entity: Entity): Promise<boolean> {
    if (!isOpenSlo(entity)) {
      return false;
    }
    const result = validateOpenSloDocument(entity);
    const issues = result.ok ? [] : result.issues;
    if (issues.length > 0) {
      throw new InputError(
        `${describe(entity)} is not a valid OpenSLO ${
          entity.kind
        }: ${listIssues(issues)}`,
      );
    }
    return true;
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (!isOpenSlo(entity)) {
      return entity;
    }
    if (entity.kind === 'SLO') {
      await this.relateSlo(entity, location, emit);
    }
    return withBackstageTitles(entity);
  }

  private async relateSlo(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<void> {
    // validateEntityKind has accepted it.
    const slo = entity as unknown as OpenSloSlo;
    const self = getCompoundEntityRef(entity);
    const namespace = self.namespace;
    const componentRef = serviceEntityRef(slo);
    // OpenSLO names other documents by name alone; like Backstage relations,
    // the names resolve in the SLO's own namespace.
    const sliRef = slo.spec.indicatorRef
      ? stringifyEntityRef({
          kind: 'SLI',
          namespace,
          name: slo.spec.indicatorRef,
        })
      : undefined;
    const policyRefs = (slo.spec.alertPolicies ?? []).flatMap(item => {
      if (typeof item !== 'string' && !('alertPolicyRef' in item)) {
        return [];
      }
      const name = typeof item === 'string' ? item : item.alertPolicyRef;
      return [stringifyEntityRef({ kind: 'AlertPolicy', namespace, name })];
    });

    let found: Map<string, Entity | undefined>;
    try {
      found = await this.lookup.get(
        [componentRef, sliRef, ...policyRefs].filter(
          (ref): ref is string => ref !== undefined,
        ),
      );
    } catch (error) {
      // Thrown rather than reported against the SLO: the catalog keeps the
      // SLO as it was and tries again next round.
      throw new ServiceUnavailableError(
        `Could not read the entities that ${stringifyEntityRef(
          entity,
        )} names from the catalog`,
        error,
      );
    }

    const component = found.get(componentRef);
    const slis = new Map<string, OpenSloSli>();
    const sli = sliRef && found.get(sliRef);
    if (sli && slo.spec.indicatorRef) {
      slis.set(slo.spec.indicatorRef, sli as unknown as OpenSloSli);
    }
    const policies = new Map<string, OpenSloAlertPolicy>();
    for (const ref of policyRefs) {
      const policy = found.get(ref);
      if (policy) {
        policies.set(
          policy.metadata.name,
          policy as unknown as OpenSloAlertPolicy,
        );
      }
    }
    const issues = sloReferenceIssues({
      slo,
      componentExists: component !== undefined,
      componentRef,
      slis,
      policies,
    });

    if (issues.length > 0) {
      // An error result, not a throw: it is recorded against this SLO, where
      // the author looks, and keeps the SLO out until the names resolve.
      emit(
        processingResult.inputError(
          location,
          `${describe(entity)} does not match the catalog: ${listIssues(
            issues,
          )}`,
        ),
      );
      return;
    }

    const relate = (
      target: CompoundEntityRef,
      forward: string,
      reverse: string,
    ) => {
      emit(processingResult.relation({ source: self, type: forward, target }));
      emit(
        processingResult.relation({
          source: target,
          type: reverse,
          target: self,
        }),
      );
    };
    relate(parseEntityRef(componentRef), RELATION_PART_OF, RELATION_HAS_PART);
    for (const owner of ownersOf(component!)) {
      relate(owner, RELATION_OWNED_BY, RELATION_OWNER_OF);
    }
    if (sliRef) {
      relate(
        parseEntityRef(sliRef),
        RELATION_DEPENDS_ON,
        RELATION_DEPENDENCY_OF,
      );
    }
  }
}

/**
 * The Component's owners as the catalog resolved them, so that an SLO
 * follows its Component's owner, namespace defaults included.
 */
function ownersOf(component: Entity) {
  return (component.relations ?? [])
    .filter(r => r.type === RELATION_OWNED_BY)
    .map(r => parseEntityRef(r.targetRef));
}

/**
 * Backstage's UIs show `metadata.title` and `metadata.description`, which
 * OpenSLO calls `metadata.displayName` and `spec.description`.
 */
function withBackstageTitles(entity: Entity): Entity {
  const { displayName } = entity.metadata as { displayName?: unknown };
  const description = (entity.spec as { description?: unknown } | undefined)
    ?.description;
  const metadata = { ...entity.metadata };
  if (metadata.title === undefined && typeof displayName === 'string') {
    metadata.title = displayName;
  }
  if (metadata.description === undefined && typeof description === 'string') {
    metadata.description = description;
  }
  return { ...entity, metadata };
}
