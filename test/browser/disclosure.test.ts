import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { AccessLevel } from '../../src/access/access-level.js';
import { createDataset, type FactoryRow, times } from '../factories/dataset.factory.js';
import { createGrant } from '../factories/grant.factory.js';
import { type BrowserHub, chromiumAvailable, screenshot, seriousA11yViolations, signIn, signOut, startBrowserHub } from './support/browser-hub.js';

const suite = chromiumAvailable ? describe : describe.skip;
const WINCHESTER = { district_code: 'E07000094', district_name: 'Winchester', category_group: 'Anti-social behaviour', source_org: 'winchester', placement: 'mapped' };
const SLUG = 'winchester-asb-disclosure';

suite('browser client: counts-only figures say they are perturbed, and how they are released', () => {
  let b: BrowserHub;
  let page: Page;

  beforeAll(async () => {
    b = await startBrowserHub({ DEMO_DATA: 'false' });
    const rows: FactoryRow[] = ['2026-07', '2026-08', '2026-09'].flatMap((m) => [
      ...times(40, { ...WINCHESTER, month: m, category: 'Nuisance' }),
      ...times(12, { ...WINCHESTER, month: m, category: 'Personal' }),
    ]);
    rows.push(...times(2, { ...WINCHESTER, month: '2026-09', category: 'Environmental' }));
    const dataset = await createDataset(b.hub, { slug: SLUG, title: 'ASB cases (disclosure test)', owner: 'winchester', rows });
    await createGrant(b.hub, dataset, { organisation: 'opcc', level: AccessLevel.Aggregate, areas: ['E07000094'] });
    page = await b.newPage();
  }, 120_000);
  afterAll(async () => {
    await page?.close();
    await b?.close();
  });

  it('tells a counts-only user beside the chart that counts are perturbed, by how much at most, and the budget left', async () => {
    await signIn(page, b.baseUrl, 'imb@demo.csp-hub.test');
    await page.getByTestId('header-user').waitFor();
    await page.goto(`${b.baseUrl}/explore?dataset=${SLUG}&chart=bar&by=category`);
    const note = page.getByTestId('disclosure-note');
    await note.getByText(/may differ from the true figure by up to 2/).waitFor();
    // Environmental (2) withheld, and Personal with it so the total cannot give it back.
    await note.getByText(/2 values are suppressed/).waitFor();
    await note.getByText(/more new questions? of this data today \(of 500\)/).waitFor();
    await screenshot(page, 'disclosure-explore-counts-only');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('shows the IMB each organisation’s questions against its budget', async () => {
    await page.goto(`${b.baseUrl}/access/budgets`);
    const table = page.getByTestId('budget-table');
    await table.waitFor();
    const row = table.locator('tr', { hasText: 'ASB cases (disclosure test)' });
    await row.getByText(/of 500/).waitFor();
    await row.getByText('Ordinary').waitFor();
    await screenshot(page, 'disclosure-question-budgets');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('lets the data owner make the dataset stricter, and the counts-only user then sees more withheld', async () => {
    await signOut(page);
    await signIn(page, b.baseUrl, 'owner.winchester@demo.csp-hub.test');
    await page.getByTestId('header-user').waitFor();
    await page.goto(`${b.baseUrl}/access/release`);
    const form = page.getByTestId(`release-${SLUG}`);
    await form.getByLabel('Withhold counts below').fill('8');
    await form.getByRole('button', { name: /Save/ }).click();
    await form.getByText(/Saved\./).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await form.getByLabel('Withhold counts below').fill('9');
    await form.getByRole('button', { name: /Save/ }).click();
    await form.getByText(/The threshold must be from 5 to 8/).waitFor();
    await screenshot(page, 'disclosure-release-settings');

    await signOut(page);
    await signIn(page, b.baseUrl, 'imb@demo.csp-hub.test');
    await page.getByTestId('header-user').waitFor();
    await page.goto(`${b.baseUrl}/explore?dataset=${SLUG}&chart=bar&by=category`);
    await page.getByTestId('disclosure-note').getByText(/counts from 1 to 7/).waitFor();
  });
});
