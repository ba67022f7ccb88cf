// Renders the dependency graph at 1,000 nodes and 4,000 edges in Chromium and
// prints how long until the layout has settled and been drawn, and the long
// tasks while panning.
import { build } from 'esbuild';
import type { CDPSession } from 'playwright-core';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, LONG_TASK_OBSERVER, summarise } from './browser.mts';

async function mainThreadMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const thread = metrics.find(m => m.name === 'ThreadTime');
  return thread ? thread.value * 1000 : Number.NaN;
}

export async function benchGraph(options: {
  nodes: number;
  edges: number;
  runs: number;
}) {
  const dir = await mkdtemp(join(tmpdir(), 'steward-graph-bench-'));
  const browser = await launchChromium();
  try {
    await build({
      entryPoints: [new URL('./graphPage.tsx', import.meta.url).pathname],
      bundle: true,
      minify: true,
      format: 'iife',
      jsx: 'automatic',
      define: { 'process.env.NODE_ENV': '"production"' },
      outfile: join(dir, 'graph.js'),
      logLevel: 'error',
    });
    await writeFile(
      join(dir, 'index.html'),
      `<!doctype html><html><body style="margin:0"><div id="root" style="width:1200px"></div><script src="graph.js"></script></body></html>`,
    );
    const render: number[] = [];
    // Main-thread CPU time from page start to the graph drawn: what the
    // page costs, independent of other work on the machine.
    const renderCpu: number[] = [];
    const panLongTasks: number[] = [];
    const panWorst: number[] = [];
    for (let run = 0; run < options.runs; run++) {
      const page = await browser.newPage({
        viewport: { width: 1280, height: 800 },
      });
      await page.addInitScript(LONG_TASK_OBSERVER);
      const errors: string[] = [];
      page.on('pageerror', e => errors.push(e.message));
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      await page.goto(
        `file://${join(dir, 'index.html')}?nodes=${options.nodes}&edges=${
          options.edges
        }`,
      );
      await page.waitForFunction(
        () => (window as any).__graphReady,
        undefined,
        {
          timeout: 60_000,
        },
      );
      render.push(
        await page.evaluate(
          () => (window as any).__graphReady - (window as any).__graphStart,
        ),
      );
      renderCpu.push(await mainThreadMs(cdp));
      const before = await page.evaluate(
        () => (window as any).__longTasks.length,
      );
      const drawn = await page.evaluate(() =>
        (document.querySelector('canvas') as HTMLCanvasElement).toDataURL(),
      );
      // Two seconds of dragging across the graph, 60 moves a second.
      await page.mouse.move(600, 350);
      await page.mouse.down();
      for (let i = 0; i < 120; i++) {
        await page.mouse.move(
          600 + 300 * Math.sin(i / 10),
          350 + 200 * Math.cos(i / 10),
        );
        await page.waitForTimeout(16);
      }
      await page.mouse.up();
      await page.waitForTimeout(200);
      const tasks: Array<{ duration: number }> = await page.evaluate(
        n => (window as any).__longTasks.slice(n),
        before,
      );
      // A page that threw draws nothing, and nothing is fast: refuse it.
      if (errors.length > 0)
        throw new Error(`graph page failed: ${errors.join('; ')}`);
      // The drag must have moved the drawing.
      const moved = await page.evaluate(() =>
        (document.querySelector('canvas') as HTMLCanvasElement).toDataURL(),
      );
      if (moved === drawn)
        throw new Error('panning did not change the drawing');
      panLongTasks.push(tasks.length);
      panWorst.push(Math.max(0, ...tasks.map(t => t.duration)));
      await page.close();
    }
    return {
      renderMs: summarise(render),
      renderCpuMs: summarise(renderCpu),
      panLongTasks: summarise(panLongTasks),
      panWorstLongTaskMs: summarise(panWorst),
    };
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
}
