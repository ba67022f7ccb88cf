import { EntityDrift } from './types';

/**
 * Compares an entity's declared dependencies (`spec.dependsOn`, as full
 * entity refs) with the ones observed over a window.
 *
 * @public
 */
export function computeDrift(options: {
  entityRef: string;
  declared: string[];
  observed: string[];
}): EntityDrift {
  const declared = new Set(options.declared);
  const observed = new Set(options.observed);
  return {
    entityRef: options.entityRef,
    declaredNotObserved: [...declared].filter(ref => !observed.has(ref)).sort(),
    observedNotDeclared: [...observed].filter(ref => !declared.has(ref)).sort(),
    confirmed: [...declared].filter(ref => observed.has(ref)).sort(),
  };
}
