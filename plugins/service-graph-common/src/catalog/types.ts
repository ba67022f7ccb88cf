import { TimeRangeAnswer } from '../api';

/**
 * A catalog entity the service graph can name: a Component or Resource with
 * the service name its spans carry (see `serviceNameOf`).
 *
 * @public
 */
export type ServiceEntity = {
  entityRef: string;
  kind: string;
  serviceName: string;
};

/** One edge of the service graph, by service name. @public */
export type ObservedEdge = {
  parent: string;
  child: string;
  connectionType: string;
};

/**
 * An observed dependency between two catalog entities: `source` depends on
 * `target`.
 *
 * @public
 */
export type ObservedRelation = {
  source: string;
  target: string;
  connectionType: string;
};

/**
 * A service name seen on observed edges that no catalog entity claims, with
 * the number of edges it was seen on in that role.
 *
 * @public
 */
export type UnmatchedService = {
  serviceName: string;
  edges: number;
  role: 'client' | 'server';
};

/**
 * Several entities of one kind claiming the same service name; `chosen` (the
 * smallest ref) stands for all of them until the catalog is fixed.
 *
 * @public
 */
export type ServiceNameConflict = {
  serviceName: string;
  entityRefs: string[];
  chosen: string;
};

/** What `mapObservedEdges` makes of the observed edges. @public */
export type ObservedRelationsMapping = {
  relations: ObservedRelation[];
  unmatched: UnmatchedService[];
  conflicts: ServiceNameConflict[];
};

/** Declared against observed dependencies of one entity, as entity refs. @public */
export type EntityDrift = {
  entityRef: string;
  declaredNotObserved: string[];
  observedNotDeclared: string[];
  confirmed: string[];
};

/** `GET /v1/catalog/relations?window`. @public */
export type CatalogRelationsResponse = TimeRangeAnswer &
  ObservedRelationsMapping;

/** `GET /v1/drift?entityRef&window`. @public */
export type DriftResponse = TimeRangeAnswer & EntityDrift;
