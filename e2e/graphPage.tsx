// The dependency graph alone, for `yarn bench:ui`: a synthetic service graph
// of the size asked for in the URL (`?nodes=1000&edges=4000`).
import { createRoot } from 'react-dom/client';
import type { DependencyLink } from '@steward/plugin-service-graph-common';
import { GraphCanvas } from '../plugins/service-graph/src/graph/GraphCanvas';
import { buildGraph } from '../plugins/service-graph/src/graph/model';

const params = new URLSearchParams(window.location.search);
const nodes = Number(params.get('nodes') ?? 1000);
const edges = Number(params.get('edges') ?? 4000);

// A deterministic pseudo-random generator, so every run draws the same graph.
let seed = 42;
function random() {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
}

const dependencies: DependencyLink[] = [];
const seen = new Set<string>();
// A spanning tree first, so that the graph is connected as real ones are.
for (let i = 1; i < nodes; i++) {
  const parent = Math.floor(random() * i);
  seen.add(`${parent}-${i}`);
  dependencies.push(link(parent, i));
}
while (dependencies.length < edges) {
  const a = Math.floor(random() * nodes);
  const b = Math.floor(random() * nodes);
  if (a === b || seen.has(`${a}-${b}`)) continue;
  seen.add(`${a}-${b}`);
  dependencies.push(link(a, b));
}

function link(a: number, b: number): DependencyLink {
  const calls = Math.floor(random() * 10_000);
  return {
    parent: `svc-${a}`,
    child: `svc-${b}`,
    callCount: calls,
    errorCount: Math.floor(calls * random() * 0.1),
    connectionType: '',
    latencyMs: { p50: 5, p99: 50 },
  };
}

(window as any).__graphStart = performance.now();
const graph = buildGraph({ dependencies, focus: 'svc-0', scope: 'all' });
createRoot(document.getElementById('root')!).render(
  <GraphCanvas
    graph={graph}
    focus="svc-0"
    height={700}
    onReady={() => {
      (window as any).__graphReady = performance.now();
    }}
  />,
);
