import type { Locator, Page } from 'playwright-core';

/**
 * Checkout's Dependencies tab shows real traffic: at least `minCalls` calls
 * to payment, quote declared but not observed (the demo's drift), and the
 * graph laid out. Answers the row of checkout → payment.
 */
export async function expectCheckoutDependencies(
  page: Page,
  minCalls: number,
): Promise<Locator> {
  const table = page.getByRole('table', {
    name: 'Dependencies of this service',
  });
  const payment = table.locator('[data-edge="checkout → payment"]');
  await payment.waitFor();
  const cells = await payment.locator('td').allTextContents();
  if (
    !/^\d[\d,]*$/.test(cells[3]) ||
    Number(cells[3].replace(/,/g, '')) < minCalls
  ) {
    throw new Error(`calls to payment: ${cells[3]}`);
  }
  await table
    .locator('[data-edge="checkout → quote"]')
    .getByText('declared, not observed')
    .waitFor();
  await page.locator('canvas[data-layout="done"]').waitFor();
  return payment;
}
