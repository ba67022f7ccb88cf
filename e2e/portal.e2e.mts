// End-to-end: the portal with demo traffic, driven in Debian's Chromium.
// Opens checkout's overview cards (on call now, docs health against the
// docs audit API) and tabs, its owner's scorecard and team health, and the org
// overview, and checks that real data from the backends is on screen; saves
// a postmortem and sees it after a reload. Screenshots go to STEWARD_E2E_SCREENSHOTS
// (default screenshots/e2e). Exit status 1 on any failed check.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from './browser.mts';
import { expectCheckoutDependencies } from './checkoutDependencies.mts';
import { signInAsGuest, startDemoPortal } from './demoPortal.mts';
import { guestToken } from './portal.mts';
import {
  payload,
  sendXssTrace,
  watchForXss,
  writeXssCatalog,
  XSS_COMPONENT,
  XSS_GROUP,
} from './xssProbe.mts';

const SHOTS =
  process.env.STEWARD_E2E_SCREENSHOTS ??
  join(new URL('..', import.meta.url).pathname, 'screenshots/e2e');
const failures: string[] = [];
let passed = 0;

async function check(name: string, page: Page, fn: () => Promise<void>) {
  try {
    await fn();
    passed += 1;
    console.log(`ok   ${name}`);
  } catch (error) {
    failures.push(`${name}: ${(error as Error).message.split('\n')[0]}`);
    console.log(`FAIL ${name}: ${(error as Error).message.split('\n')[0]}`);
  }
  await page.screenshot({
    path: join(SHOTS, `${name.replace(/[^a-z0-9]+/gi, '-')}.png`),
    fullPage: true,
  });
}

async function main() {
  await mkdir(SHOTS, { recursive: true });
  const probeDir = await mkdtemp(join(tmpdir(), 'steward-xss-'));
  const portal = await startDemoPortal({
    catalogFiles: [await writeXssCatalog(probeDir)],
  });
  const browser = await launchChromium();
  try {
    console.log(`portal at ${portal.baseUrl}`);
    // Sent now, so the trace is assembled by the time its check runs.
    const xssTraceId = await sendXssTrace(portal.baseUrl);

    const page = await browser.newPage({
      viewport: { width: 1400, height: 1000 },
    });
    const timeout = 30_000;
    page.setDefaultTimeout(timeout);
    await signInAsGuest(page, portal.baseUrl);
    const token = await guestToken(portal.baseUrl);

    const entity = `${portal.baseUrl}/catalog/default/component/checkout`;
    await check('overview cards', page, async () => {
      await page.goto(entity);
      // Who holds checkout-team's rotation now, from the on-call API.
      await page
        .getByRole('list', { name: 'On call now' })
        .getByText(/checkout-primary: \S+/)
        .waitFor();
      await page
        .getByRole('table', { name: 'SLO summary' })
        .getByText('Checkout availability')
        .waitFor();
    });

    await check('docs health card', page, async () => {
      // What the ownership backend's docs audit says, to compare with the card.
      const r = await fetch(
        `${portal.baseUrl}/api/ownership/v1/docs/audit?entityRef=component:default/checkout`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
      if (!r.ok) throw new Error(`docs audit: ${r.status}`);
      const audit = (await r.json()) as { score: number; findings: unknown[] };
      await page.goto(entity);
      const figures = page.getByLabel('Docs health figures');
      await figures
        .getByLabel(
          `Docs score ${audit.score} of 100, ${audit.findings.length} findings`,
        )
        .waitFor();
      await figures.getByText(/^\d+ days? ago$|^today$/).waitFor();
      await page
        .getByRole('link', { name: /Findings in the Ownership tab/ })
        .click();
      await page.waitForURL(/\/component\/checkout\/ownership$/);
      await page.getByRole('list', { name: 'Docs links' }).waitFor();
    });

    await check('slos tab', page, async () => {
      await page.goto(`${entity}/slos`);
      await page.getByRole('status', { name: 'Release gate' }).waitFor();
      const interval = page.getByLabel('Wilson 95% interval').first();
      await interval.waitFor();
      const text = await interval.textContent();
      if (!/\d+(\.\d+)?% – \d+(\.\d+)?%/.test(text ?? ''))
        throw new Error(`no interval figures: ${text}`);
      await page
        .getByRole('table', { name: 'Burn rates of Checkout availability' })
        .waitFor();
      // Real dependency contribution from the traffic: payment's errors.
      await page
        .getByRole('table', {
          name: 'Dependency contribution to Checkout availability',
        })
        .getByText('payment')
        .first()
        .waitFor();
    });

    await check('dependencies tab', page, async () => {
      await page.goto(`${entity}/dependencies`);
      const payment = await expectCheckoutDependencies(page, 100);
      await payment.getByRole('button', { name: /Error traces/ }).click();
      await page.getByLabel('Error traces').getByRole('button').first().click();
      const spans = page.getByRole('list', { name: /Spans of trace/ });
      await spans.waitFor();
      await spans
        .getByRole('button', { name: /payment Charge.*error/ })
        .waitFor();
      await page.getByText('card declined by bank').first().waitFor();
    });

    await check('ownership tab', page, async () => {
      await page.goto(`${entity}/ownership`);
      await page.getByText(/Last reviewed \d+ days ago/).waitFor();
      await page
        .getByRole('list', { name: 'Docs links' })
        .getByText('Checkout runbook')
        .waitFor();
    });

    await check('oncall tab', page, async () => {
      await page.goto(`${entity}/oncall`);
      await page
        .getByRole('table', { name: 'On call per rotation' })
        .getByText('checkout-primary')
        .waitFor();
      await page.getByRole('list', { name: 'Escalation steps' }).waitFor();
      await page.getByText('Recent routed alerts').waitFor();
    });

    await check('postmortem saved and shown after reload', page, async () => {
      const title = `E2E postmortem ${Date.now()}`;
      await page.goto(`${entity}/postmortems`);
      await page.getByRole('button', { name: 'New postmortem' }).click();
      await page.getByLabel('Title', { exact: true }).fill(title);
      await page
        .getByLabel('First symptom', { exact: true })
        .fill('Checkout error rate alert');
      await page.getByRole('radio', { name: /Features broken/ }).check();
      await page.getByRole('radio', { name: 'A few' }).check();
      await page.getByRole('button', { name: 'Add timeline entry' }).click();
      await page.getByLabel('Event 1').fill('Payment errors rise');
      await page
        .getByRole('button', { name: 'Add action items entry' })
        .click();
      await page
        .getByLabel('Action 1', { exact: true })
        .fill('Alert on decline rate');
      await page.getByLabel('Owner of action 1').fill('diego-alvarez');
      await page.getByLabel('Due date of action 1').fill('2026-12-31');
      await page.getByRole('button', { name: 'Save postmortem' }).click();
      const table = page.getByRole('table', { name: 'Postmortems' });
      await table.getByText(title).waitFor();
      await page.reload();
      await table.getByText(title).waitFor();
      await table
        .getByText(/Alert on decline rate \(user:default\/diego-alvarez/)
        .waitFor();
    });

    await check('team health', page, async () => {
      await page.goto(
        `${portal.baseUrl}/catalog/default/group/checkout-team/team-health`,
      );
      await page.getByLabel('Alert hygiene figures').waitFor();
      await page
        .getByRole('table', { name: "Docs health of the team's services" })
        .getByText('checkout', { exact: true })
        .waitFor();
    });

    await check('org overview', page, async () => {
      await page.goto(portal.baseUrl);
      await page.getByRole('link', { name: 'Org overview' }).click();
      await page.getByRole('table', { name: 'Org metrics by week' }).waitFor();
    });

    await check('team scorecard', page, async () => {
      await page.goto(
        `${portal.baseUrl}/catalog/default/group/checkout-team/slo-scorecard`,
      );
      const table = page.getByRole('table', { name: /SLO scorecard for/ });
      await table.getByText('Checkout availability').waitFor();
    });

    await check('slos tab dark theme', page, async () => {
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.goto(`${entity}/slos`);
      await page.getByLabel('Wilson 95% interval').first().waitFor();
    });

    await check(
      'xss payloads in catalog and spans rendered inert',
      page,
      async () => {
        const xss = watchForXss(page);
        const probe = `${portal.baseUrl}/catalog/default/component/${XSS_COMPONENT}`;
        // Each payload must show as its own text (or, in Markdown fields,
        // as sanitized markup), no element may carry a handler, and nothing
        // may have run.
        const visit = async (url: string, texts: Array<string | RegExp>) => {
          await page.goto(url);
          for (const text of texts)
            await page.getByText(text).first().waitFor();
          const live = await page.evaluate(
            () =>
              [...document.querySelectorAll('*')].filter(
                e =>
                  e.hasAttribute('onerror') ||
                  e.hasAttribute('onload') ||
                  (e.tagName === 'SCRIPT' &&
                    e.textContent?.includes('__stewardXss')),
              ).length,
          );
          if (live > 0)
            throw new Error(`${live} live payload elements on ${url}`);
          const runs = await xss.executed();
          if (runs > 0) throw new Error(`${runs} payload runs on ${url}`);
        };
        // The description is Markdown in Backstage's About card: sanitized.
        await visit(probe, [
          payload('entity-title'),
          payload('group-name'),
          payload('tier'),
          /^entity-description/,
        ]);
        await visit(`${probe}/ownership`, [
          payload('script-link'),
          payload('link-title'),
          /has a last-reviewed date that is not an ISO date: "annotation<img/,
        ]);
        await visit(`${probe}/dependencies?trace=${xssTraceId}`, [
          payload('span-name'),
          payload('child-span'),
        ]);
        // Each span's details: status, events and attributes.
        const details: Array<[string, string[]]> = [
          ['child-span', [payload('status'), payload('exception')]],
          ['span-name', [payload('attribute'), payload('attribute-key')]],
        ];
        for (const [span, texts] of details) {
          await page
            .getByRole('button', {
              name: new RegExp(`^${XSS_COMPONENT} ${span}<img`),
            })
            .click();
          for (const text of texts)
            await page.getByText(text).first().waitFor();
        }
        await visit(`${portal.baseUrl}/catalog/default/group/${XSS_GROUP}`, [
          payload('group-name'),
          payload('group-description'),
        ]);
        const runs = await xss.executed();
        if (runs > 0) throw new Error(`${runs} payload runs`);
      },
    );
  } finally {
    await browser.close();
    await portal.stop();
    await rm(probeDir, { recursive: true, force: true });
  }
  console.log(
    `${passed} passed, ${failures.length} failed; screenshots in ${SHOTS}`,
  );
  if (failures.length > 0) {
    for (const f of failures) console.log(`  ${f}`);
    process.exit(1);
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
