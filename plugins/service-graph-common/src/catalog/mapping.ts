import {
  ObservedEdge,
  ObservedRelation,
  ObservedRelationsMapping,
  ServiceEntity,
  ServiceNameConflict,
  UnmatchedService,
} from './types';

/**
 * The annotation carrying an entity's OTel `service.name` when it differs
 * from the entity name.
 *
 * @public
 */
export const SERVICE_NAME_ANNOTATION = 'steward.dev/service-name';

/**
 * The name an entity's spans carry: the `steward.dev/service-name`
 * annotation, else the entity name.
 *
 * @public
 */
export function serviceNameOf(entity: {
  metadata: { name: string; annotations?: Record<string, string> };
}): string {
  const annotated = entity.metadata.annotations?.[SERVICE_NAME_ANNOTATION];
  return annotated?.trim() ? annotated.trim() : entity.metadata.name;
}

/** The client the pairer invents for root SERVER spans: nobody to match. */
const VIRTUAL_CLIENT = 'user';

type Claims = { component?: string; resource?: string };

/**
 * Resolves every service name to at most one entity per kind, smallest ref
 * first so that every replica and every run agree.
 */
function claimsByName(entities: ServiceEntity[]): {
  claims: Map<string, Claims>;
  conflicts: ServiceNameConflict[];
} {
  const refs = new Map<string, { component: string[]; resource: string[] }>();
  for (const entity of entities) {
    const kind = entity.kind.toLocaleLowerCase('en-US');
    if (kind !== 'component' && kind !== 'resource') continue;
    let byKind = refs.get(entity.serviceName);
    if (!byKind) {
      byKind = { component: [], resource: [] };
      refs.set(entity.serviceName, byKind);
    }
    if (!byKind[kind].includes(entity.entityRef)) {
      byKind[kind].push(entity.entityRef);
    }
  }

  const claims = new Map<string, Claims>();
  const conflicts: ServiceNameConflict[] = [];
  for (const [serviceName, byKind] of refs) {
    const claim: Claims = {};
    for (const kind of ['component', 'resource'] as const) {
      const sorted = byKind[kind].sort();
      if (sorted.length === 0) continue;
      claim[kind] = sorted[0];
      if (sorted.length > 1) {
        conflicts.push({ serviceName, entityRefs: sorted, chosen: sorted[0] });
      }
    }
    claims.set(serviceName, claim);
  }
  conflicts.sort(
    (a, b) =>
      compare(a.serviceName, b.serviceName) || compare(a.chosen, b.chosen),
  );
  return { claims, conflicts };
}

function compare(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/**
 * Turns observed edges between service names into dependencies between
 * catalog entities. A Component wins over a Resource claiming the same name,
 * except for the database of a `database` edge, which is never a service.
 * Names no entity claims are reported, never turned into entities; the
 * virtual client `user` is not a name to claim.
 *
 * @public
 */
export function mapObservedEdges(options: {
  entities: ServiceEntity[];
  edges: ObservedEdge[];
}): ObservedRelationsMapping {
  const { claims, conflicts } = claimsByName(options.entities);
  const resolve = (serviceName: string, preferResource: boolean) => {
    const claim = claims.get(serviceName);
    return preferResource
      ? claim?.resource ?? claim?.component
      : claim?.component ?? claim?.resource;
  };

  const relations = new Map<string, ObservedRelation>();
  const unmatched = new Map<string, UnmatchedService>();
  const countUnmatched = (
    serviceName: string,
    role: UnmatchedService['role'],
  ) => {
    const key = `${role}\u0000${serviceName}`;
    const entry = unmatched.get(key);
    if (entry) {
      entry.edges += 1;
    } else {
      unmatched.set(key, { serviceName, edges: 1, role });
    }
  };

  for (const edge of options.edges) {
    const target = resolve(edge.child, edge.connectionType === 'database');
    if (target === undefined) countUnmatched(edge.child, 'server');
    if (
      edge.connectionType === 'virtual_node' &&
      edge.parent === VIRTUAL_CLIENT
    ) {
      continue;
    }
    const source = resolve(edge.parent, false);
    if (source === undefined) countUnmatched(edge.parent, 'client');
    if (source === undefined || target === undefined || source === target) {
      continue;
    }
    const key = `${source}\u0000${target}\u0000${edge.connectionType}`;
    relations.set(key, { source, target, connectionType: edge.connectionType });
  }

  return {
    relations: [...relations.values()].sort(
      (a, b) =>
        compare(a.source, b.source) ||
        compare(a.target, b.target) ||
        compare(a.connectionType, b.connectionType),
    ),
    unmatched: [...unmatched.values()].sort(
      (a, b) =>
        compare(a.serviceName, b.serviceName) || compare(a.role, b.role),
    ),
    conflicts,
  };
}
