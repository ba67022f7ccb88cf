import type { DependencyLink } from '@steward/plugin-service-graph-common';

/**
 * How an edge from the focused service compares with the catalog:
 * `confirmed` (declared and observed), `undeclared` (observed only),
 * `missing` (declared, not observed); edges between other services are just
 * `observed`.
 */
export type EdgeStatus = 'confirmed' | 'undeclared' | 'missing' | 'observed';

export type GraphNode = {
  id: string;
  focus: boolean;
  /** Errors over calls of the edges into this node; 0 without calls. */
  errorRate: number;
};

export type GraphEdge = {
  id: string;
  source: string;
  target: string;
  status: EdgeStatus;
  link?: DependencyLink;
};

export type Graph = { nodes: GraphNode[]; edges: GraphEdge[] };

/** Declared against observed dependencies of the focused service, by service name. */
export type ServiceDrift = {
  declaredNotObserved: string[];
  observedNotDeclared: string[];
  confirmed: string[];
};

export function edgeId(source: string, target: string): string {
  return `${source} → ${target}`;
}

/**
 * The graph to draw: observed edges (all, or only those touching the focused
 * service), with the focused service's outgoing edges classified against
 * the catalog and its declared-but-unobserved dependencies added.
 */
export function buildGraph(options: {
  dependencies: DependencyLink[];
  focus: string;
  drift?: ServiceDrift;
  scope: 'neighbours' | 'all';
}): Graph {
  const { focus, drift } = options;
  const confirmed = new Set(drift?.confirmed);
  const edges = new Map<string, GraphEdge>();
  for (const link of options.dependencies) {
    const touches = link.parent === focus || link.child === focus;
    if (options.scope === 'neighbours' && !touches) continue;
    const id = edgeId(link.parent, link.child);
    let status: EdgeStatus = 'observed';
    if (link.parent === focus && drift) {
      status = confirmed.has(link.child) ? 'confirmed' : 'undeclared';
    }
    const existing = edges.get(id);
    // Several connection types between one pair are drawn as one edge.
    edges.set(id, {
      id,
      source: link.parent,
      target: link.child,
      status,
      link: existing?.link ? mergeLinks(existing.link, link) : link,
    });
  }
  for (const child of drift?.declaredNotObserved ?? []) {
    const id = edgeId(focus, child);
    if (!edges.has(id)) {
      edges.set(id, { id, source: focus, target: child, status: 'missing' });
    }
  }

  const calls = new Map<string, { calls: number; errors: number }>();
  const ids = new Set<string>([focus]);
  for (const e of edges.values()) {
    ids.add(e.source);
    ids.add(e.target);
    if (!e.link) continue;
    const c = calls.get(e.target) ?? { calls: 0, errors: 0 };
    c.calls += e.link.callCount;
    c.errors += e.link.errorCount;
    calls.set(e.target, c);
  }
  const nodes = [...ids].sort().map(id => {
    const c = calls.get(id);
    return {
      id,
      focus: id === focus,
      errorRate: c && c.calls > 0 ? c.errors / c.calls : 0,
    };
  });
  return { nodes, edges: [...edges.values()] };
}

function mergeLinks(a: DependencyLink, b: DependencyLink): DependencyLink {
  // Quantiles of different connection types cannot be merged from
  // summaries; keep those of the busier one.
  const busier = a.callCount >= b.callCount ? a : b;
  return {
    ...busier,
    connectionType: `${a.connectionType}, ${b.connectionType}`,
    callCount: a.callCount + b.callCount,
    errorCount: a.errorCount + b.errorCount,
  };
}
