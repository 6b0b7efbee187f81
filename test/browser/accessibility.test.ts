import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../src/demo/demo-accounts.js';
import { type AxeViolation, type BrowserHub, chromiumAvailable, screenshot, seriousA11yViolations, signOut, startBrowserHub } from './support/browser-hub.js';
import { uploadThroughApi } from './support/load-setup.js';
import { open, settled, signInAs } from './support/page-helpers.js';
import { badStreetLines, streetCsv, streetRows } from './support/police-csv.js';

const suite = chromiumAvailable ? describe : describe.skip;
const NO_SUCH_LOAD = '00000000-0000-4000-8000-000000000000';

/** One state of a page beyond what the navigation reaches: a path, and what to do there first. */
interface State {
  name: string;
  path: string;
  /** Brings the page into the state (e.g. submits an empty form), then waits for it. */
  act?: (page: Page) => Promise<void>;
}

const submitEmpty = (button: string, firstError: string) => async (page: Page) => {
  await page.getByRole('button', { name: button }).click();
  await page.locator('.govuk-error-summary').getByText(firstError).waitFor();
};

suite('browser client: axe-core on every page, for each role that sees it', () => {
  let b: BrowserHub;
  let page: Page;
  let loadId: string;

  beforeAll(async () => {
    b = await startBrowserHub({ DEMO_DATA: 'false' });
    const rows = streetRows('2026-01', {
      winchester: { 'Anti-social behaviour': 14, Burglary: 6, 'Public order': 2 },
      portsmouth: { 'Anti-social behaviour': 11, Shoplifting: 8 },
      gosport: { 'Vehicle crime': 5 },
    });
    loadId = (await uploadThroughApi(b.hub, 'operator@demo.csp-hub.test', 'police-uk-street', '2026-01-hampshire-street.csv', streetCsv(rows, badStreetLines('2026-01')))).id;
  }, 120_000);
  beforeEach(async () => {
    page = await b.newPage();
  });
  afterEach(async () => {
    await page.close();
  });
  afterAll(async () => {
    await b?.close();
  });

  /** Extra states per role: error pages, forms with errors, empty lists, a load's pages. */
  const EXTRA: Record<string, State[]> = {
    admin: [{ name: 'not-found', path: '/no-such-page' }],
    imb: [
      { name: 'agreement-form-errors', path: '/access/agreements', act: submitEmpty('Record agreement', 'Enter a title of at least 3 characters') },
      { name: 'access-not-found', path: '/access/no-such-screen' },
    ],
    data_owner: [{ name: 'request-form-errors', path: '/access/request', act: submitEmpty('Send request', 'Select the dataset you need') }],
    analyst: [
      { name: 'request-form-errors', path: '/access/request', act: submitEmpty('Send request', 'Select the dataset you need') },
      { name: 'section-refused', path: '/loads' },
      { name: 'explore-table', path: '/explore?dataset=police-uk-street&chart=table&by=category' },
    ],
    etl_operator: [
      { name: 'upload-errors', path: '/loads/upload', act: submitEmpty('Upload and load', 'Select the feed the file belongs to') },
      { name: 'load-with-rejects', path: '', act: async (p) => void (await p.getByTestId('rejects-table').waitFor()) },
      { name: 'rollback-confirm', path: '' },
      { name: 'load-not-found', path: `/loads/${NO_SUCH_LOAD}` },
      { name: 'expected-delivery-form', path: '/loads/feeds/police-uk-street/expected-delivery', act: async (p) => void (await p.getByTestId('expected-delivery-form').waitFor()) },
      { name: 'section-refused', path: '/admin/users' },
    ],
  };

  // One account per role; the Winchester data owner has an empty approval queue, an empty state worth checking.
  const accounts = DEMO_ACCOUNTS.filter((a, i, all) => all.findIndex((x) => x.roles[0] === a.roles[0]) === i).map((a) =>
    a.roles[0] === 'data_owner' ? DEMO_ACCOUNTS.find((x) => x.email === 'owner.winchester@demo.csp-hub.test')! : a,
  );

  for (const account of accounts) {
    const role = account.roles[0];
    it(`${role}: every screen of the navigation and its error and empty states`, async () => {
      const found: { page: string; violations: AxeViolation[] }[] = [];
      const seen = new Set<string>();
      const check = async (name: string) => {
        await settled(page);
        const where = new URL(page.url());
        const key = `${where.pathname}${where.search}|${name}`;
        if (seen.has(key)) return;
        seen.add(key);
        expect({ page: name, text: await page.getByText('Something went wrong').count() }).toEqual({ page: name, text: 0 });
        await screenshot(page, `a11y-${role}-${name}`);
        const violations = await seriousA11yViolations(page);
        if (violations.length) found.push({ page: `${name} (${where.pathname})`, violations });
      };

      await signInAs(page, b.baseUrl, account.email);
      const sections = await page.locator('#navigation a').allInnerTexts();
      for (const section of sections) {
        await page.locator('#navigation').getByRole('link', { name: section, exact: true }).click();
        await check(slugOf(section));
        // Every screen of the section's own navigation (Access), by its links.
        const subLinks = await page.locator('nav.app-subnav a').evaluateAll((links) => links.map((a) => (a as unknown as { pathname: string }).pathname));
        for (const href of subLinks) {
          await page.locator(`nav.app-subnav a[href="${href}"]`).click();
          await page.waitForURL((u) => u.pathname === href);
          await check(`${slugOf(section)}${href.replace(/\//g, '-')}`);
        }
      }
      for (const state of EXTRA[role] ?? []) {
        const path = state.name === 'load-with-rejects' ? `/loads/${loadId}` : state.name === 'rollback-confirm' ? `/loads/${loadId}/rollback` : state.path;
        await open(page, b.baseUrl, path);
        await state.act?.(page);
        await check(state.name);
      }
      await signOut(page);
      await check('signed-out');
      expect(found).toEqual([]);
    });
  }
});

const slugOf = (label: string) => label.toLowerCase().replace(/[^a-z0-9]+/g, '-');
