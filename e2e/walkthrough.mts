// The screenshots of docs/walkthrough.md, taken from the live demo as a new
// user starts it: scripts/start on a fresh data directory (the app, the
// backend and the demo shop with its 30-day backfill and scripted
// incidents), on the ports it is given. It waits, by polling the public
// APIs, until the scenario has played as far as the currency outage's page
// (about 13.5 minutes after the start) and the backfill has written the
// history (19.6 minutes at a load average of 15), then drives
// Debian's Chromium through the pages the walkthrough shows, checks that
// each shows the data it is there for, and writes one PNG per page.
// Exit status 1 when a scenario event did not happen in time or a page
// lacked its content; the last line counts the checks: `N passed, M failed`.
//
//   node e2e/walkthrough.mts [--app-port 3000] [--backend-port 7007]
//     [--out docs/images/walkthrough] [--deadline-minutes 45] [--attach]
//
// --attach uses a demo already running on those ports (started by
// scripts/start) instead of starting one.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import {
  firstStartChecks,
  historyWritten,
  scenarioChecks,
} from '../packages/demo/src/checks.ts';
import {
  type Api,
  type Check,
  guestApi,
  type PortalProcess,
  portsFrom,
  requireFreePorts,
  startPortal,
  waitFor,
} from '../packages/demo/src/portalProcess.ts';
import { launchChromium } from './browser.mts';
import { expectCheckoutDependencies } from './checkoutDependencies.mts';
import { signInAsGuest } from './demoPortal.mts';

const ROOT = new URL('..', import.meta.url).pathname;

const { values } = parseArgs({
  options: {
    'app-port': { type: 'string' },
    'backend-port': { type: 'string' },
    out: { type: 'string', default: join(ROOT, 'docs/images/walkthrough') },
    'deadline-minutes': { type: 'string', default: '45' },
    attach: { type: 'boolean', default: false },
  },
});

/** Checkout's availability SLO has fired (the payment burst and the currency outage page it). */
const checkoutBurning: Check = {
  name: "checkout's availability SLO fired",
  holds: async api => {
    const { items } = await api(
      '/api/slo/v1/slos?entityRef=component%3Adefault%2Fcheckout',
    );
    const firing = items.find(
      (s: any) => s.sloRef === 'slo:default/checkout-availability' && s.firing,
    );
    return firing ? `${firing.sloRef} (${firing.firing.name})` : undefined;
  },
};

const failures: string[] = [];
let passed = 0;

/** Opens a page, waits for its content, and writes its screenshot. */
async function shot(
  page: Page,
  name: string,
  options: { fullPage?: boolean; clip?: boolean },
  show: () => Promise<void>,
) {
  try {
    await show();
    // Charts animate in after their data arrives: let them finish drawing.
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
    await page.screenshot({
      path: join(values.out!, `${name}.png`),
      fullPage: (options.fullPage || options.clip) ?? false,
      ...(options.clip ? { clip: await alertsAndContribution(page) } : {}),
    });
    passed += 1;
    console.log(`ok   ${name}`);
  } catch (error) {
    const message = (error as Error).message.split('\n')[0];
    failures.push(`${name}: ${message}`);
    console.log(`FAIL ${name}: ${message}`);
    await page
      .screenshot({ path: join(values.out!, `FAILED-${name}.png`) })
      .catch(() => undefined);
  }
}

/**
 * The part of the first SLO panel from its Alerts section to its dependency
 * contribution, in document coordinates (for a full-page screenshot): the
 * whole tab is too tall to read.
 */
async function alertsAndContribution(page: Page) {
  const top = await page
    .getByRole('region', { name: 'Alerts' })
    .first()
    .boundingBox();
  const bottom = await page
    .getByRole('region', { name: 'Dependency contribution (last hour)' })
    .first()
    .boundingBox();
  if (!top || !bottom) throw new Error('SLO sections not on the page');
  const scrollY = await page.evaluate(() => window.scrollY);
  return {
    x: 0,
    y: top.y + scrollY - 16,
    width: page.viewportSize()!.width,
    height: bottom.y + bottom.height - top.y + 32,
  };
}

async function expectText(page: Page, label: string, pattern: RegExp) {
  const text = (await page.getByLabel(label).first().textContent()) ?? '';
  if (!pattern.test(text)) {
    throw new Error(`${label}: "${text}" does not match ${pattern}`);
  }
  return text;
}

async function takeScreenshots(options: {
  appUrl: string;
  api: Api;
  page: Page;
}) {
  const { appUrl, api, page } = options;
  const entity = (name: string) =>
    `${appUrl}/catalog/default/component/${name}`;

  // Checkout's SLO first, while the incidents are still in its shortest
  // alert windows: the gate, budget and burn rates at the top, then its
  // alerts and what they owe to each dependency.
  await shot(page, '03-checkout-slo-budget', {}, async () => {
    await page.goto(`${entity('checkout')}/slos`);
    await page.getByRole('status', { name: 'Release gate' }).waitFor();
    await page
      .getByLabel(/Error budget burn-down of Checkout availability/)
      .waitFor();
    await page
      .getByRole('table', { name: 'Burn rates of Checkout availability' })
      .waitFor();
  });
  await shot(page, '03-checkout-slo-alerts', { clip: true }, async () => {
    await page
      .getByRole('table', { name: 'Burn-rate alerts of Checkout availability' })
      .getByRole('row')
      .filter({ hasText: 'firing' })
      .first()
      .waitFor();
    const contribution = page.getByRole('table', {
      name: 'Dependency contribution to Checkout availability',
    });
    await contribution.getByText('currency').first().waitFor();
    await contribution.getByText('payment').first().waitFor();
  });

  await shot(page, '01-checkout-ownership', {}, async () => {
    await page.goto(`${entity('checkout')}/ownership`);
    await page.getByText(/Last reviewed \d+ days ago/).waitFor();
    await page
      .getByRole('list', { name: 'Docs links' })
      .getByText('Checkout runbook')
      .waitFor();
    await page.getByLabel(/Docs score \d+ of 100/).waitFor();
    await page.getByText(/^Tier: \d$/).waitFor();
  });

  await shot(page, '02-checkout-dependencies', { fullPage: true }, async () => {
    await page.goto(`${entity('checkout')}/dependencies`);
    await expectCheckoutDependencies(page, 20);
  });

  await shot(page, '04-currency-oncall-routed-page', {}, async () => {
    await page.goto(`${entity('currency')}/oncall`);
    const alerts = page.getByRole('list', { name: 'Routed alerts' });
    const routed = alerts
      .getByRole('listitem')
      .filter({ hasText: 'Checkout availability' })
      .filter({ hasText: /Trace path: checkout\/.* → currency\// })
      .first();
    await routed.waitFor();
    await routed.getByText(/paged user:default\//).waitFor();
    await routed.scrollIntoViewIfNeeded();
  });

  // A postmortem of the payment burst, written from its routed alert.
  const { items: decisions } = await api(
    '/api/ownership/v1/routing/decisions?entityRef=component%3Adefault%2Fpayment&limit=100',
  );
  const burst = [...decisions]
    .reverse()
    .find(
      (d: any) =>
        d.slo?.sloRef === 'slo:default/payment-availability' &&
        d.tracePath?.length &&
        d.status === 'firing',
    );
  await shot(
    page,
    '05-payment-postmortem-form',
    { fullPage: true },
    async () => {
      if (!burst) throw new Error('no routed alert of the payment burst');
      await page.goto(
        `${entity('payment')}/postmortems?fromDecision=${burst.id}`,
      );
      await page
        .getByText(`New postmortem from routed alert ${burst.id}`)
        .waitFor();
      await page
        .getByLabel('Title', { exact: true })
        .fill('Card charges failed for 2.5 minutes: processor timeouts');
      await page.getByRole('radio', { name: /Features broken/ }).check();
      await page.getByRole('radio', { name: 'Many' }).check();
      await page
        .getByRole('button', { name: 'Add action items entry' })
        .click();
      await page
        .getByLabel(/^Action \d+$/)
        .last()
        .fill('Fail over to the second card processor on connect timeouts');
      await page
        .getByLabel(/^Owner of action \d+$/)
        .last()
        .fill('diego-alvarez');
      await page
        .getByLabel(/^Due date of action \d+$/)
        .last()
        .fill('2026-12-31');
      await page
        .getByLabel('Causes')
        .fill('card-processor-timeout, no-failover');
      const firedEvent = await page.getByLabel('Event 1').inputValue();
      if (!/^Payment availability \(.*\) fired$/.test(firedEvent)) {
        throw new Error(`timeline from the alert: ${firedEvent}`);
      }
      const routedEvent = await page.getByLabel('Event 2').inputValue();
      if (
        !/^Routed to group:default\/checkout-team by walking trace/.test(
          routedEvent,
        )
      ) {
        throw new Error(`timeline from the alert: ${routedEvent}`);
      }
    },
  );
  await shot(page, '06-payment-postmortem-saved', {}, async () => {
    await page.getByRole('button', { name: 'Save postmortem' }).click();
    const table = page.getByRole('table', { name: 'Postmortems' });
    await table
      .getByText('Card charges failed for 2.5 minutes')
      .first()
      .waitFor();
    await table
      .getByText(/Fail over to the second card processor/)
      .first()
      .waitFor();
  });

  await shot(page, '07-payment-gate-freeze', {}, async () => {
    await page.goto(`${entity('payment')}/slos`);
    await page.getByRole('status', { name: 'Release gate' }).waitFor();
    await expectText(
      page,
      'Release gate',
      /Releases frozen.*Payment availability: .*\(freeze at 90%\)/,
    );
    await page
      .getByLabel(/Error budget burn-down of Payment availability/)
      .waitFor();
  });

  await shot(page, '08-shipping-slos', {}, async () => {
    await page.goto(`${entity('shipping')}/slos`);
    await page.getByRole('table', { name: /Burn rates of Shipping/ }).waitFor();
    await page.getByLabel(/Error budget burn-down of Shipping/).waitFor();
    await page
      .getByRole('table', { name: /Burn-rate alerts of Shipping/ })
      .getByRole('row')
      .filter({ hasText: 'firing' })
      .first()
      .waitFor();
  });

  await shot(page, '09-checkout-team-scorecard', {}, async () => {
    await page.goto(
      `${appUrl}/catalog/default/group/checkout-team/slo-scorecard`,
    );
    await page
      .getByRole('table', { name: /SLO scorecard for/ })
      .getByText('Payment availability')
      .waitFor();
    await expectText(page, 'Scorecard summary', /missed [1-9]/);
  });
}

async function main() {
  const ports = portsFrom({
    app: values['app-port'],
    backend: values['backend-port'],
    defaults: { app: 3000, backend: 7007 },
  });
  mkdirSync(values.out!, { recursive: true });
  const startMs = Date.now();
  let portal: PortalProcess;
  let dataDir: string | undefined;
  if (values.attach) {
    portal = {
      appUrl: `http://localhost:${ports.app}`,
      backendUrl: `http://localhost:${ports.backend}`,
      stop: async () => undefined,
    };
  } else {
    await requireFreePorts(ports);
    dataDir = mkdtempSync(join(tmpdir(), 'steward-walkthrough-'));
    const logFile = join(dataDir, 'start.log');
    console.log(
      `backend :${ports.backend}, app :${ports.app}, data ${dataDir}, log ${logFile}`,
    );
    portal = startPortal({ ports, dataDir, logFile });
  }
  const api = guestApi(portal.backendUrl);
  try {
    // Everything the pages show has happened.
    const checks = [
      ...firstStartChecks,
      historyWritten,
      ...scenarioChecks,
      checkoutBurning,
    ];
    const held = await waitFor({
      checks,
      api,
      startMs,
      deadlineMs: startMs + Number(values['deadline-minutes']) * 60_000,
    });
    passed += held.size;
    for (const c of checks) {
      if (!held.has(c.name)) failures.push(`${c.name}: not in time`);
    }
    if (held.size === checks.length) {
      const gate = await api(
        '/api/slo/v1/gate?entityRef=component%3Adefault%2Fpayment',
      );
      console.log(
        `payment's gate: ${gate.decision}, ${gate.reasons.join('; ')}`,
      );
      const browser = await launchChromium();
      try {
        const page = await browser.newPage({
          viewport: { width: 1440, height: 900 },
          colorScheme: 'light',
        });
        page.setDefaultTimeout(60_000);
        await signInAsGuest(page, portal.appUrl);
        await takeScreenshots({ appUrl: portal.appUrl, api, page });
      } finally {
        await browser.close();
      }
    }
  } finally {
    await portal.stop();
  }
  // A failed run keeps its data and log to look into.
  if (dataDir && failures.length === 0) {
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(`screenshots in ${values.out}`);
  for (const f of failures) console.log(`  ${f}`);
  console.log(`${passed} passed, ${failures.length} failed`);
  process.exit(failures.length > 0 ? 1 : 0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
