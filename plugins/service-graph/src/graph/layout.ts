import {
  forceLink,
  forceManyBody,
  forceSimulation,
  forceX,
  forceY,
  Simulation,
  SimulationLinkDatum,
  SimulationNodeDatum,
} from 'd3-force';
import type { Graph } from './model';

export type LaidOutNode = SimulationNodeDatum & {
  id: string;
  x: number;
  y: number;
};

type LaidOutLink = SimulationLinkDatum<LaidOutNode> & { index: number };

/** At most this many ticks: enough for d3-force's default alpha decay to settle. */
const MAX_TICKS = 300;
/**
 * Above this many nodes the simulation cools in about 120 ticks instead of
 * 300: each Barnes-Hut tick costs milliseconds at a thousand nodes, and the
 * layout must settle within the two seconds a page may take.
 */
const LARGE_GRAPH = 300;
const LARGE_GRAPH_TICKS = 120;

/**
 * A force-directed layout that runs in slices, so that a large graph is
 * laid out over several frames and the page stays responsive meanwhile.
 */
export class GraphLayout {
  readonly nodes: LaidOutNode[];
  /** Node index of each edge's ends, in the order of `graph.edges`. */
  readonly edgeEnds: Int32Array;
  private readonly simulation: Simulation<LaidOutNode, LaidOutLink>;
  private ticks = 0;

  static create(graph: Graph, options: { focus?: string } = {}): GraphLayout {
    return new GraphLayout(graph, options.focus);
  }

  private constructor(graph: Graph, focus: string | undefined) {
    const index = new Map<string, number>();
    this.nodes = graph.nodes.map((n, i) => {
      index.set(n.id, i);
      // The focused service starts (and is pinned) at the origin.
      const pinned = n.id === focus;
      return {
        id: n.id,
        x: 0,
        y: 0,
        fx: pinned ? 0 : undefined,
        fy: pinned ? 0 : undefined,
      };
    });
    this.edgeEnds = new Int32Array(graph.edges.length * 2);
    const links: LaidOutLink[] = graph.edges.map((e, i) => {
      const s = index.get(e.source)!;
      const t = index.get(e.target)!;
      this.edgeEnds[2 * i] = s;
      this.edgeEnds[2 * i + 1] = t;
      return { source: s, target: t, index: i };
    });
    for (const n of this.nodes) {
      // d3 places nodes without positions on a phyllotaxis spiral.
      if (n.fx === undefined) {
        delete (n as Partial<LaidOutNode>).x;
        delete (n as Partial<LaidOutNode>).y;
      }
    }
    const many = graph.nodes.length > LARGE_GRAPH;
    this.simulation = forceSimulation<LaidOutNode, LaidOutLink>(this.nodes)
      .force(
        'link',
        forceLink<LaidOutNode, LaidOutLink>(links)
          .id(d => d.index!)
          .distance(60)
          .iterations(1),
      )
      .force(
        'charge',
        forceManyBody<LaidOutNode>()
          .strength(many ? -40 : -300)
          .theta(many ? 1.2 : 0.9)
          .distanceMax(many ? 400 : Infinity),
      )
      .force('x', forceX<LaidOutNode>(0).strength(0.03))
      .force('y', forceY<LaidOutNode>(0).strength(0.03))
      .stop();
    if (many) {
      const alphaMin = this.simulation.alphaMin();
      this.simulation.alphaDecay(1 - Math.pow(alphaMin, 1 / LARGE_GRAPH_TICKS));
    }
  }

  /** Runs ticks for about `budgetMs`; true when the layout has settled. */
  step(budgetMs: number, now: () => number = () => performance.now()): boolean {
    const start = now();
    while (!this.done()) {
      this.simulation.tick();
      this.ticks += 1;
      if (now() - start >= budgetMs) break;
    }
    return this.done();
  }

  done(): boolean {
    return (
      this.ticks >= MAX_TICKS ||
      this.simulation.alpha() < this.simulation.alphaMin()
    );
  }

  /** The bounding box of the nodes, for fitting the view. */
  bounds(): { minX: number; minY: number; maxX: number; maxY: number } {
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const n of this.nodes) {
      minX = Math.min(minX, n.x);
      minY = Math.min(minY, n.y);
      maxX = Math.max(maxX, n.x);
      maxY = Math.max(maxY, n.y);
    }
    if (!Number.isFinite(minX)) return { minX: -1, minY: -1, maxX: 1, maxY: 1 };
    return { minX, minY, maxX, maxY };
  }
}
