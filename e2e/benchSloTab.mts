// From navigation to the SLO tab's content (the first SLO's SLI with its
// interval on screen) in the portal with the demo catalog and traffic.
import { launchChromium, summarise } from './browser.mts';
import { signInAsGuest, startDemoPortal } from './demoPortal.mts';

export async function benchSloTab(options: { runs: number }) {
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
    const sloApiDone: number[] = [];
    const firstPaint: number[] = [];
    // The first load fills the HTTP cache, as a returning user's would be.
    for (let run = 0; run <= options.runs; run++) {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      await page.goto(url);
      await page
        .getByLabel('Wilson 95% interval')
        .first()
        .waitFor({ timeout: 60_000 });
      const ms = await page.evaluate(() => performance.now());
      // Where the time goes: when the last SLO API answer arrived, and the
      // first paint of anything (the app shell).
      const timing = await page.evaluate(() => ({
        sloApiDone: Math.max(
          0,
          ...performance
            .getEntriesByType('resource')
            .filter(e => e.name.includes('/api/slo/'))
            .map(e => (e as PerformanceResourceTiming).responseEnd),
        ),
        firstPaint:
          performance.getEntriesByName('first-contentful-paint')[0]
            ?.startTime ?? Number.NaN,
      }));
      const { metrics } = await cdp.send('Performance.getMetrics');
      const thread =
        metrics.find(m => m.name === 'ThreadTime')?.value ?? Number.NaN;
      if (run > 0) {
        wall.push(ms);
        sloApiDone.push(timing.sloApiDone);
        firstPaint.push(timing.firstPaint);
        cpu.push(thread * 1000);
      }
      await page.close();
    }
    return {
      wallMs: summarise(wall),
      cpuMs: summarise(cpu),
      sloApiDoneMs: summarise(sloApiDone),
      firstPaintMs: summarise(firstPaint),
    };
  } finally {
    await browser.close();
    await portal.stop();
  }
}
