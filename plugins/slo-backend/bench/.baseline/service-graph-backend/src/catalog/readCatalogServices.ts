import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  DEFAULT_NAMESPACE,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  SERVICE_NAME_ANNOTATION,
  ServiceEntity,
  serviceNameOf,
} from '@steward/plugin-service-graph-common';

/** A Component or Resource as the service graph sees it. */
export type CatalogServiceEntity = ServiceEntity & {
  /** `spec.dependsOn` as full entity refs. */
  declared: string[];
};

const KINDS = ['Component', 'Resource'];

const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'spec.dependsOn',
];

// Names travel in the query string; this keeps it well under URL limits.
const NAMES_PER_REQUEST = 50;

/**
 * Reads the Components and Resources that may claim service names: all of
 * them, or only those claiming one of `serviceNames`.
 */
export async function readCatalogServices(options: {
  catalog: CatalogService;
  credentials: BackstageCredentials;
  serviceNames?: string[];
}): Promise<CatalogServiceEntity[]> {
  const { catalog, credentials, serviceNames } = options;
  const byRef = new Map<string, CatalogServiceEntity>();
  const read = async (filter: Array<Record<string, string[]>>) => {
    for await (const page of catalog.streamEntities(
      { filter, fields: FIELDS },
      { credentials },
    )) {
      for (const entity of page) {
        const service = toCatalogServiceEntity(entity);
        byRef.set(service.entityRef, service);
      }
    }
  };

  if (serviceNames === undefined) {
    await read([{ kind: KINDS }]);
    return [...byRef.values()];
  }

  const wanted = new Set(serviceNames);
  const names = [...wanted];
  for (let i = 0; i < names.length; i += NAMES_PER_REQUEST) {
    const chunk = names.slice(i, i + NAMES_PER_REQUEST);
    // The catalog matches case-insensitively, and an annotated entity's name
    // no longer counts: both are settled below.
    await read([
      { kind: KINDS, 'metadata.name': chunk },
      {
        kind: KINDS,
        [`metadata.annotations.${SERVICE_NAME_ANNOTATION}`]: chunk,
      },
    ]);
  }
  return [...byRef.values()].filter(s => wanted.has(s.serviceName));
}

export function toCatalogServiceEntity(entity: Entity): CatalogServiceEntity {
  return {
    entityRef: stringifyEntityRef(entity),
    kind: entity.kind,
    serviceName: serviceNameOf(entity),
    declared: declaredDependencies(entity),
  };
}

/**
 * `spec.dependsOn` as full refs, resolved the way the catalog resolves them
 * for its own relations.
 */
function declaredDependencies(entity: Entity): string[] {
  const dependsOn = entity.spec?.dependsOn;
  if (!Array.isArray(dependsOn)) return [];
  const defaultNamespace = entity.metadata.namespace ?? DEFAULT_NAMESPACE;
  const refs = new Set<string>();
  for (const ref of dependsOn) {
    if (typeof ref !== 'string') continue;
    try {
      refs.add(stringifyEntityRef(parseEntityRef(ref, { defaultNamespace })));
    } catch {
      // Without a kind the catalog makes no relation of it either.
    }
  }
  return [...refs];
}
