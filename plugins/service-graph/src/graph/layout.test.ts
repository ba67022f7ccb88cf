import { GraphLayout } from './layout';
import { buildGraph } from './model';

function chain(n: number) {
  return Array.from({ length: n - 1 }, (_, i) => ({
    parent: `s${i}`,
    child: `s${i + 1}`,
    callCount: 1,
    errorCount: 0,
    connectionType: 'http',
    latencyMs: {},
  }));
}

describe('GraphLayout', () => {
  it('settles within its tick bound, pins the focus and spreads the nodes', () => {
    const graph = buildGraph({
      dependencies: chain(50),
      focus: 's0',
      scope: 'all',
    });
    const layout = GraphLayout.create(graph, { focus: 's0' });
    let slices = 0;
    // A clock that advances 1 ms per reading: each slice runs a few ticks.
    let t = 0;
    const clock = () => {
      t += 1;
      return t;
    };
    while (!layout.step(5, clock)) slices += 1;
    expect(slices).toBeGreaterThan(1);
    expect(layout.done()).toBe(true);
    const focus = layout.nodes.find(n => n.id === 's0')!;
    expect([focus.x, focus.y]).toEqual([0, 0]);
    const { minX, maxX, minY, maxY } = layout.bounds();
    expect(Math.max(maxX - minX, maxY - minY)).toBeGreaterThan(200);
    // Each edge's ends are recorded by node index.
    const [s, e] = layout.edgeEnds;
    expect([layout.nodes[s].id, layout.nodes[e].id]).toEqual(['s0', 's1']);
  });
});
