import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../src/demo/demo-accounts.js';
import { TEST_PASSWORD } from '../support/test-hub.js';
import { createDataset, times } from '../factories/dataset.factory.js';
import { type BrowserHub, chromiumAvailable, CHROMIUM, screenshot, seriousA11yViolations, signIn, signOut, startBrowserHub } from './support/browser-hub.js';
import { tabTo } from './support/page-helpers.js';

// Callbacks given to page.evaluate run in the browser; the root tsconfig has no DOM types.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const window: any;
declare const document: any;
declare const sessionStorage: any;


const EXPECTED_NAV: Record<string, string[]> = {
  admin: ['Explore', 'Dashboards', 'Threat, risk and harm', 'ASB case reviews', 'Catalogue', 'Access', 'Loads', 'Admin'],
  imb: ['Explore', 'Dashboards', 'Threat, risk and harm', 'ASB case reviews', 'Catalogue', 'Access'],
  data_owner: ['Explore', 'Dashboards', 'Threat, risk and harm', 'ASB case reviews', 'Catalogue', 'Access'],
  analyst: ['Explore', 'Dashboards', 'Threat, risk and harm', 'ASB case reviews', 'Catalogue', 'Access'],
  etl_operator: ['Catalogue', 'Loads'],
};

if (!chromiumAvailable) console.warn(`Skipping browser tests: no Chromium at ${CHROMIUM} (run scripts/install-chromium.sh).`);
const suite = chromiumAvailable ? describe : describe.skip;

suite('browser client: sign-in, roles and navigation', () => {
  let b: BrowserHub;
  let page: Page;
  let exploreSlug: string;
  const shot = new Set<string>();

  beforeAll(async () => {
    b = await startBrowserHub();
    const rows = ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06'].flatMap((month, m) =>
      [['E07000094', 'Winchester'], ['E06000044', 'Portsmouth'], ['E07000088', 'Gosport']].flatMap(([code, name], d) =>
        ['Anti-social behaviour', 'Criminal damage and arson', 'Public order'].flatMap((category, c) =>
          times(5 + ((m + d * 3 + c * 5) % 9), { month, district_code: code, district_name: name, category, category_group: 'Crime', source_org: 'hiow-constabulary' }),
        ),
      ),
    );
    exploreSlug = (await createDataset(b.hub, { title: 'Street crime (browser test)', owner: 'hiow-constabulary', rows })).slug;
  }, 120_000);
  // A fresh tab per test: sessionStorage (and so the session) is per tab.
  beforeEach(async () => {
    page = await b.newPage();
  });
  afterEach(async () => {
    await page.close();
  });
  afterAll(async () => {
    await b?.close();
  });

  async function expectAccessible(name: string) {
    const violations = await seriousA11yViolations(page);
    expect({ page: name, violations }).toEqual({ page: name, violations: [] });
  }

  async function navLabels(): Promise<string[]> {
    return page.locator('#navigation a').allInnerTexts();
  }

  it('serves the client for app routes and keeps unknown API paths as JSON 404s', async () => {
    const html = await fetch(`${b.baseUrl}/explore?chart=bar`, { headers: { Accept: 'text/html' } });
    expect(html.status).toBe(200);
    expect(await html.text()).toContain('<div id="app">');
    const api = await fetch(`${b.baseUrl}/api/no-such-thing`, { headers: { Accept: 'text/html' } });
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBeDefined();
  });

  it('shows the error summary for an empty form and for a wrong password', async () => {
    await page.goto(`${b.baseUrl}/`);
    await page.getByRole('heading', { name: 'Sign in to csp-hub' }).waitFor();
    await screenshot(page, '01-sign-in');
    await expectAccessible('sign-in');

    await page.getByRole('button', { name: 'Sign in' }).click();
    const summary = page.locator('.govuk-error-summary');
    await expect(summary.innerText()).resolves.toContain('Enter your email address');
    await expect(summary.innerText()).resolves.toContain('Enter your password');
    await expect(page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary'))).resolves.toBe(true);

    await signIn(page, b.baseUrl, 'analyst.winchester@demo.csp-hub.test', 'not-the-right-password');
    await page.getByText('The email address or password is not right.').first().waitFor();
    await expect(page.locator('#password-error').innerText()).resolves.toContain('not right');
    await screenshot(page, '02-sign-in-wrong-password');
    await expectAccessible('sign-in with errors');
  });

  for (const account of DEMO_ACCOUNTS.filter((a, i, all) => all.findIndex((x) => x.roles[0] === a.roles[0]) === i)) {
    const role = account.roles[0];
    it(`signs in as ${role} and reaches that role's screens`, async () => {
      await signIn(page, b.baseUrl, account.email);
      await page.getByTestId('header-user').getByText(account.displayName).waitFor();
      await expect(navLabels()).resolves.toEqual(EXPECTED_NAV[role]);
      for (const label of EXPECTED_NAV[role]) {
        await page.locator('#navigation').getByRole('link', { name: label }).click();
        await page.locator('h1').first().waitFor();
        await page.waitForFunction(() => document.querySelector('.app-loading') === null);
        await expect(page.locator('#navigation [aria-current="page"]').innerText()).resolves.toBe(label);
        await expect(page.getByText('Something went wrong').count()).resolves.toBe(0);
        if (!shot.has(label)) {
          shot.add(label);
          await screenshot(page, `10-${label.toLowerCase()}-${role}`);
        }
        await expectAccessible(`${role} ${label}`);
      }
      await signOut(page);
    });
  }

  it('keeps a deep link through sign-in and refuses a section the role lacks', async () => {
    await page.goto(`${b.baseUrl}/admin/users`);
    await signIn(page, b.baseUrl, 'operator@demo.csp-hub.test');
    await page.getByTestId('header-user').waitFor();
    await page.goto(`${b.baseUrl}/admin/users`);
    await page.getByRole('heading', { name: 'You cannot see this page' }).waitFor();
    await signOut(page);
  });

  it('lets an administrator create a user, who must then choose a password', async () => {
    await signIn(page, b.baseUrl, 'admin@demo.csp-hub.test');
    await page.locator('#navigation').getByRole('link', { name: 'Admin' }).click();
    await page.getByTestId('users-table').waitFor();
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.locator('.govuk-error-summary').getByText('Enter the user’s full name').waitFor();

    await page.getByLabel('Full name').fill('Nina New');
    await page.getByLabel('Email address').fill('nina.new@demo.csp-hub.test');
    await page.getByLabel('Organisation').selectOption('gosport');
    await page.getByRole('button', { name: 'Create user' }).click();
    const oneTime = (await page.getByTestId('one-time-password').innerText()).trim();
    expect(oneTime.length).toBeGreaterThanOrEqual(12);
    await expect(page.getByTestId('users-table').innerText()).resolves.toContain('nina.new@demo.csp-hub.test');
    await screenshot(page, '20-admin-user-created');
    await expectAccessible('admin users');
    await signOut(page);

    await signIn(page, b.baseUrl, 'nina.new@demo.csp-hub.test', oneTime);
    await page.getByRole('heading', { name: 'Change your password' }).waitFor();
    expect(await page.locator('#navigation').count()).toBe(0);
    await screenshot(page, '21-change-password');
    await expectAccessible('forced password change');
    await page.getByLabel('One-time password').fill(oneTime);
    await page.getByLabel('New password', { exact: true }).fill('copper-meadow-violin-42');
    await page.getByLabel('Confirm new password').fill('copper-meadow-violin-42');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('heading', { name: 'Explore' }).waitFor();
    await signOut(page);
  });

  it('works by keyboard alone: skip link, sign-in form, navigation', async () => {
    await page.goto(`${b.baseUrl}/`);
    await page.getByRole('heading', { name: 'Sign in to csp-hub' }).waitFor();
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to main content');
    await page.keyboard.press('Enter');
    await page.getByLabel('Email address').focus();
    await page.keyboard.type('imb@demo.csp-hub.test');
    await page.keyboard.press('Tab');
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByTestId('header-user').waitFor();
    // The IMB lands on the decisions waiting for it, with the focus on the main content; the navigation is just before it.
    await page.getByRole('heading', { name: 'Approvals', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/access/approvals');
    // Beside Access, the decisions waiting for the IMB (the demo's pending request), outside the link so its name stays "Access".
    await expect(page.getByTestId('decisions-waiting').innerText()).resolves.toMatch(/^1\b/);
    await expect(page.locator('#navigation').getByRole('link', { name: 'Access', exact: true }).count()).resolves.toBe(1);
    await page.waitForFunction(() => document.activeElement?.id === 'main-content');
    const catalogue = page.locator('#navigation').getByRole('link', { name: 'Catalogue' });
    await tabTo(page, catalogue, { backwards: true, limit: 10 });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Catalogue' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/catalogue');
    await signOut(page);
  });

  it('sends the user back to sign in with a message when the session ends elsewhere', async () => {
    await signIn(page, b.baseUrl, 'analyst.police@demo.csp-hub.test');
    await page.getByTestId('header-user').waitFor();
    await page.locator('#navigation').getByRole('link', { name: 'Dashboards' }).click();
    await page.getByRole('heading', { name: 'Dashboards' }).waitFor();
    const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem('csp-hub.session') ?? '{}').accessToken as string);
    const res = await fetch(`${b.baseUrl}/api/auth/logout`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(204);
    // The next request finds the session gone; a background poll may get there before the click does.
    await page
      .locator('#navigation')
      .getByRole('link', { name: 'Catalogue' })
      .click({ timeout: 5000 })
      .catch(() => undefined);
    await page.getByRole('heading', { name: 'Sign in to csp-hub' }).waitFor();
    await expect(page.getByTestId('sign-in-notice').innerText()).resolves.toMatch(/signed out|sign in/i);
    await screenshot(page, '03-signed-out-notice');
  });

  it('explores: a chart after sign-in, redrawn without a page load, the question kept in the URL', async () => {
    await page.goto(`${b.baseUrl}/explore?dataset=${exploreSlug}`);
    const started = Date.now();
    await page.getByLabel('Email address').fill('analyst.police@demo.csp-hub.test');
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const chart = page.getByTestId('chart').locator('svg[role="img"]');
    await chart.waitFor();
    const firstChartMs = Date.now() - started;
    await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 1));
    await page.getByLabel('Chart').selectOption('bar');
    await page.waitForURL(/chart=bar/);
    await chart.waitFor();
    await page.getByLabel('Group by').selectOption('district');
    await page.waitForURL(/by=district/);
    await page.getByTestId('chart').locator('svg[role="img"]').waitFor();
    // The same window: no page load happened.
    await expect(page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).resolves.toBe(1);
    await page.getByText('Show the data as a table').click();
    await screenshot(page, '30-explore-bar-by-district');
    await expect(page.getByTestId('chart').locator('table tbody tr').count()).resolves.toBeGreaterThan(0);
    await expectAccessible('explore bar chart');
    const url = page.url();
    await page.reload();
    await page.getByTestId('chart').locator('svg[role="img"]').waitFor();
    await expect(page.getByLabel('Chart').inputValue()).resolves.toBe('bar');
    expect(page.url()).toBe(url);
    for (const type of ['stacked', 'heatmap', 'map', 'line']) {
      await page.getByLabel('Chart').selectOption(type);
      await page.waitForURL(new RegExp(`chart=${type}`));
      await page.getByTestId('chart').locator('svg[role="img"]').waitFor();
      await screenshot(page, `31-explore-${type}`);
      await expectAccessible(`explore ${type}`);
    }
    console.log(`First chart visible ${firstChartMs} ms after submitting sign-in`);
  });
});
