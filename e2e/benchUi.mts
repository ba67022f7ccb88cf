// `yarn bench:ui`: the dependency graph at 1,000 nodes / 4,000 edges, then
// (unless BENCH_UI_GRAPH_ONLY=1) navigation to the SLO tab in the portal.
import { benchGraph } from './benchGraph.mts';

const graph = await benchGraph({ nodes: 1000, edges: 4000 });
console.log('dependency graph, 1000 nodes / 4000 edges, Chromium headless:');
console.log(
  `  render until layout settled and drawn: median ${graph.renderMs.median.toFixed(
    0,
  )} ms, worst ${graph.renderMs.worst.toFixed(0)} ms (goal < 2000 ms, ${
    graph.renderMs.n
  } runs)`,
);
console.log(
  `  main-thread CPU time until drawn: median ${graph.renderCpuMs.median.toFixed(
    0,
  )} ms, worst ${graph.renderCpuMs.worst.toFixed(0)} ms`,
);
console.log(
  `  panning 2 s: long tasks per run median ${
    graph.panLongTasks.median
  }, worst long task ${graph.panWorstLongTaskMs.worst.toFixed(
    0,
  )} ms (goal: none over 100 ms)`,
);
