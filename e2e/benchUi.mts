// `yarn bench:ui`: navigation to the SLO tab in the portal (skipped with
// BENCH_UI_GRAPH_ONLY=1), then the dependency graph at 1,000 nodes and 4,000
// edges (skipped with BENCH_UI_SLO_ONLY=1). Wall times depend on the
// machine's load; the main-thread CPU times (Chromium's ThreadTime) much less.
// BENCH_UI_TRACE=<file> writes a Chromium performance trace of the last SLO
// tab run (open it in DevTools' Performance panel), BENCH_UI_WATERFALL=<file>
// its network waterfall as JSON.
import { loadavg } from 'node:os';
import { benchGraph } from './benchGraph.mts';
import { benchSloTab } from './benchSloTab.mts';

const runs = Number(process.env.BENCH_RUNS ?? 5);
const f = (n: number) => n.toFixed(0);
const load = () =>
  loadavg()
    .map(l => l.toFixed(2))
    .join(' ');

async function main() {
  console.log(`load average before: ${load()}`);
  if (!process.env.BENCH_UI_GRAPH_ONLY) {
    const slo = await benchSloTab({
      runs,
      tracePath: process.env.BENCH_UI_TRACE,
    });
    console.log(
      'SLO tab of checkout, navigation to content (production build served by the backend with NODE_ENV=production; Chromium headless, warm HTTP cache):',
    );
    console.log(
      `  wall: median ${f(slo.wallMs.median)} ms, worst ${f(
        slo.wallMs.worst,
      )} ms (goal < 1500 ms, ${slo.wallMs.n} runs)`,
    );
    console.log(
      `  of which: first paint at median ${f(
        slo.firstPaintMs.median,
      )} ms, catalog entity at ${f(
        slo.entityMs.median,
      )} ms, last SLO API answer at ${f(slo.sloApiDoneMs.median)} ms`,
    );
    console.log(
      `  backend CPU (user + system) per navigation, mean: ${f(
        slo.backendCpuMsPerRun,
      )} ms`,
    );
    const p = slo.lastRun.phases;
    console.log(
      `  last run: ${p.scripts} scripts (${f(p.scriptKiB)} KiB decoded), ${
        p.sloRequests
      } SLO API requests`,
    );
    console.log(
      `  main-thread CPU: median ${f(slo.cpuMs.median)} ms, worst ${f(
        slo.cpuMs.worst,
      )} ms`,
    );
  }

  if (process.env.BENCH_UI_SLO_ONLY) {
    console.log(`load average after: ${load()}`);
    return;
  }
  const graph = await benchGraph({ nodes: 1000, edges: 4000, runs });
  console.log('dependency graph, 1000 nodes / 4000 edges (Chromium headless):');
  console.log(
    `  render until layout settled and drawn: median ${f(
      graph.renderMs.median,
    )} ms, worst ${f(graph.renderMs.worst)} ms (goal < 2000 ms, ${
      graph.renderMs.n
    } runs)`,
  );
  console.log(
    `  main-thread CPU until drawn: median ${f(
      graph.renderCpuMs.median,
    )} ms, worst ${f(graph.renderCpuMs.worst)} ms`,
  );
  console.log(
    `  panning 2 s: long tasks per run median ${
      graph.panLongTasks.median
    }, worst long task ${f(
      graph.panWorstLongTaskMs.worst,
    )} ms (goal: none over 100 ms)`,
  );
  console.log(`load average after: ${load()}`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
