import type { Page } from 'playwright-core';
import { sendDemoTraffic } from './demoTraffic.mts';
import { buildApp, guestToken, startPortal, type Portal } from './portal.mts';
import { waitForDemoData } from './waitForData.mts';

/** The portal with the demo catalog and traffic, digested by the backends. */
export async function startDemoPortal(
  options: { catalogFiles?: string[] } = {},
): Promise<Portal> {
  await buildApp();
  const portal = await startPortal(options);
  try {
    await sendDemoTraffic({
      baseUrl: portal.baseUrl,
      orders: 400,
      paymentErrorRate: 0.05,
    });
    await waitForDemoData({
      baseUrl: portal.baseUrl,
      token: await guestToken(portal.baseUrl),
    });
    return portal;
  } catch (error) {
    await portal.stop();
    throw error;
  }
}

/** Signs in on the app's sign-in page as guest; the session is kept in the page's context. */
export async function signInAsGuest(page: Page, baseUrl: string) {
  await page.goto(baseUrl);
  await page.getByRole('button', { name: /enter/i }).click();
  await page.getByText('Catalog').first().waitFor();
}
