// From navigation to the SLO tab's content (the first SLO's SLI with its
// interval on screen) in the portal with the demo catalog and traffic, served
// as in production (see portal.mts). Besides the time, each run's network
// waterfall says where it went: the app shell's scripts, the catalog entity,
// the SLO tab's chunks and the SLO API.
import { writeFile } from 'node:fs/promises';
import { launchChromium, summarise } from './browser.mts';
import { signInAsGuest, startDemoPortal } from './demoPortal.mts';

/** One fetched resource, relative to the navigation's start. */
export type WaterfallEntry = {
  path: string;
  startMs: number;
  endMs: number;
  /** Bytes over the wire; 0 when served from the HTTP cache. */
  transferBytes: number;
  /** Decoded size of the body. */
  bodyBytes: number;
};

function phases(entries: WaterfallEntry[]) {
  const end = (match: (e: WaterfallEntry) => boolean) =>
    Math.max(0, ...entries.filter(match).map(e => e.endMs));
  const scripts = entries.filter(e => e.path.endsWith('.js'));
  return {
    scripts: scripts.length,
    scriptKiB: scripts.reduce((sum, e) => sum + e.bodyBytes, 0) / 1024,
    entityMs: end(e => e.path.includes('/api/catalog/entities/by-name/')),
    sloApiMs: end(e => e.path.includes('/api/slo/')),
    sloRequests: entries.filter(e => e.path.includes('/api/slo/')).length,
  };
}

export async function benchSloTab(options: {
  runs: number;
  /** Where to write a Chromium performance trace of the last run. */
  tracePath?: string;
}) {
  const portal = await startDemoPortal();
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({
      viewport: { width: 1400, height: 1000 },
    });
    const signIn = await context.newPage();
    await signInAsGuest(signIn, portal.baseUrl);
    await signIn.close();

    const url = `${portal.baseUrl}/catalog/default/component/checkout/slos`;
    const wall: number[] = [];
    const cpu: number[] = [];
    const firstPaint: number[] = [];
    const entity: number[] = [];
    const sloApi: number[] = [];
    let last:
      | { waterfall: WaterfallEntry[]; phases: ReturnType<typeof phases> }
      | undefined;
    let backendCpuMs = 0;
    // The first load fills the HTTP cache, as a returning user's would be.
    for (let run = 0; run <= options.runs; run++) {
      const backendBefore = portal.cpuMs();
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      const tracing = options.tracePath && run === options.runs;
      if (tracing) {
        await browser.startTracing(page, {
          path: options.tracePath,
          screenshots: false,
        });
      }
      await page.goto(url);
      await page
        .getByLabel('Wilson 95% interval')
        .first()
        .waitFor({ timeout: 60_000 });
      const ms = await page.evaluate(() => performance.now());
      if (tracing) await browser.stopTracing();
      const timing = await page.evaluate(() => ({
        firstPaint:
          performance.getEntriesByName('first-contentful-paint')[0]
            ?.startTime ?? Number.NaN,
        waterfall: performance
          .getEntriesByType('resource')
          .map(e => e as PerformanceResourceTiming)
          .map(e => ({
            path: new URL(e.name).pathname + new URL(e.name).search,
            startMs: e.startTime,
            endMs: e.responseEnd,
            transferBytes: e.transferSize,
            bodyBytes: e.decodedBodySize,
          })),
      }));
      const { metrics } = await cdp.send('Performance.getMetrics');
      const thread =
        metrics.find(m => m.name === 'ThreadTime')?.value ?? Number.NaN;
      if (run > 0) {
        const p = phases(timing.waterfall);
        wall.push(ms);
        firstPaint.push(timing.firstPaint);
        entity.push(p.entityMs);
        sloApi.push(p.sloApiMs);
        cpu.push(thread * 1000);
        // Includes the backend's background work (SLO evaluation, catalog
        // processing) during the run, the same for any frontend.
        backendCpuMs += portal.cpuMs() - backendBefore;
        last = { waterfall: timing.waterfall, phases: p };
      }
      await page.close();
    }
    if (process.env.BENCH_UI_WATERFALL) {
      await writeFile(
        process.env.BENCH_UI_WATERFALL,
        JSON.stringify(last?.waterfall, undefined, 2),
      );
    }
    return {
      wallMs: summarise(wall),
      cpuMs: summarise(cpu),
      firstPaintMs: summarise(firstPaint),
      entityMs: summarise(entity),
      sloApiDoneMs: summarise(sloApi),
      lastRun: last!,
      backendCpuMsPerRun: backendCpuMs / options.runs,
    };
  } finally {
    await browser.close();
    await portal.stop();
  }
}
