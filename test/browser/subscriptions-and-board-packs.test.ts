import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { type BrowserHub, chromiumAvailable, downloadedBytes, screenshot, seriousA11yViolations, signIn, signOut, startBrowserHub } from './support/browser-hub.js';

const suite = chromiumAvailable ? describe : describe.skip;

suite('browser client: subscriptions, alerts, email settings and board packs', () => {
  let b: BrowserHub;
  let page: Page;

  beforeAll(async () => {
    b = await startBrowserHub();
    page = await b.newPage();
  }, 180_000);
  afterAll(async () => {
    await page?.close();
    await b?.close();
  });

  async function expectAccessible(name: string) {
    const violations = await seriousA11yViolations(page);
    expect({ page: name, violations }).toEqual({ page: name, violations: [] });
  }

  it('subscribes to a dashboard, adds an alert, unsubscribes, and keeps email choices', async () => {
    await signIn(page, b.baseUrl, 'analyst.police@demo.csp-hub.test');
    await page.getByRole('heading', { name: 'Explore' }).waitFor();
    await page.goto(`${b.baseUrl}/dashboards`);
    await page.getByRole('link', { name: 'ASB across the partnership' }).click();
    await page.getByText('Get this dashboard by email').click();
    await page.getByLabel('Monthly').check();
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.getByText('You will get this dashboard by email on the 1st of each month.').waitFor();

    await page.getByTestId('header').getByRole('link', { name: 'Subscriptions and alerts' }).click();
    const subs = page.getByTestId('subscriptions');
    await subs.getByRole('link', { name: 'ASB across the partnership' }).waitFor();
    expect(await subs.locator('tbody tr').count()).toBe(1);
    await subs.getByRole('cell', { name: 'Monthly', exact: true }).waitFor();

    // An alert needs a number: the error summary says so, and nothing is added.
    await page.getByLabel('Saved view').selectOption({ label: 'ASB by district' });
    await page.getByRole('button', { name: 'Add the alert' }).click();
    await page.locator('.govuk-error-summary').getByText('Enter the monthly number').waitFor();
    await page.getByLabel('Number a month').fill('250');
    await page.getByRole('button', { name: 'Add the alert' }).click();
    await page.getByTestId('alerts').getByText("a month's count is above 250").waitFor();
    await expectAccessible('subscriptions and alerts');
    await screenshot(page, 'subscriptions-and-alerts');

    await subs.getByRole('button', { name: /Unsubscribe/ }).click();
    await page.getByText('You have no subscriptions.').waitFor();

    await page.getByTestId('header').getByRole('link', { name: 'Email settings' }).click();
    await page.getByRole('heading', { name: 'Email settings' }).waitFor();
    const digest = page.getByLabel('Alerts on your saved views: In a daily summary');
    await digest.check();
    await page.getByRole('button', { name: 'Save email settings' }).click();
    await page.getByText('Your email settings are saved.').waitFor();
    await expectAccessible('email settings');
    await page.reload();
    await page.getByRole('heading', { name: 'Email settings' }).waitFor();
    expect(await page.getByLabel('Alerts on your saved views: In a daily summary').isChecked()).toBe(true);
    await signOut(page);
  });

  it('lets an IMB member make a board pack and download the PDF', async () => {
    await signIn(page, b.baseUrl, 'imb@demo.csp-hub.test');
    await page.waitForURL(/\/access\/approvals/);
    await page.getByRole('link', { name: 'Board packs' }).click();
    await page.getByRole('heading', { name: 'Board packs' }).waitFor();
    await page.getByText('No board packs yet.').waitFor();
    await page.getByRole('button', { name: 'Make a board pack now' }).click();
    const packs = page.getByTestId('board-packs');
    await packs.getByText('On request').waitFor();
    await expectAccessible('board packs');
    const [download] = await Promise.all([page.waitForEvent('download'), packs.getByRole('button', { name: /Download PDF/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^imb-board-pack-\d{4}-Q[1-4]\.pdf$/);
    expect((await downloadedBytes(download)).subarray(0, 5).toString()).toBe('%PDF-');
    await signOut(page);
  });
});
