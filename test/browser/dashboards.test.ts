import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Locator, Page } from 'playwright-core';
import { createDataset, type FactoryRow, times } from '../factories/dataset.factory.js';
import { type BrowserHub, chromiumAvailable, downloadedBytes, screenshot, seriousA11yViolations, signIn, startBrowserHub } from './support/browser-hub.js';

const suite = chromiumAvailable ? describe : describe.skip;
const MONTHS = ['2025-01', '2025-02', '2025-03', '2025-04'];
/** Per month: Winchester 10 incidents, Portsmouth 20 (one of them with a category that looks like a formula). */
function rows(): FactoryRow[] {
  return MONTHS.flatMap((month) => [
    ...times(10, { month, district_code: 'E07000094', district_name: 'Winchester', category: 'Public order', category_group: 'Crime', source_org: 'hiow-constabulary' }),
    ...times(19, { month, district_code: 'E06000044', district_name: 'Portsmouth', category: 'Public order', category_group: 'Crime', source_org: 'hiow-constabulary' }),
    { month, district_code: 'E06000044', district_name: 'Portsmouth', category: '=HYPERLINK("x")', category_group: 'Crime', source_org: 'hiow-constabulary' },
  ]);
}

suite('browser client: saved views, dashboards, cross-filtering and exports', () => {
  let b: BrowserHub;
  let page: Page;
  let slug: string;

  beforeAll(async () => {
    b = await startBrowserHub();
    slug = (await createDataset(b.hub, { title: 'Street crime (dashboard test)', owner: 'hiow-constabulary', rows: rows() })).slug;
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

  function tile(title: string): Locator {
    return page.locator('section', { has: page.getByRole('heading', { name: title, exact: true }) });
  }

  async function tableCells(t: Locator): Promise<string[][]> {
    const details = t.locator('details');
    if (!(await details.getAttribute('open').then((v) => v !== null))) await t.getByText('Show the data as a table').click();
    return t.locator('table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
  }

  async function saveFromExplore(title: string) {
    await page.getByRole('button', { name: 'Save this view' }).click();
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('My organisation').check();
    await page.getByRole('button', { name: 'Save view' }).click();
    await page.getByText(`“${title}” is saved.`).waitFor();
  }

  it('saves views from Explore, puts them on a new dashboard, cross-filters, and exports', async () => {
    await signIn(page, b.baseUrl, 'analyst.police@demo.csp-hub.test');
    await page.getByRole('heading', { name: 'Explore' }).waitFor();
    await page.goto(`${b.baseUrl}/explore?dataset=${slug}&chart=bar&by=district`);
    await page.getByTestId('chart').locator('svg[role="img"]').waitFor();

    // A title is required: the error summary says so, and nothing is saved.
    await page.getByRole('button', { name: 'Save this view' }).click();
    await page.getByLabel('Title').fill('');
    await page.getByRole('button', { name: 'Save view' }).click();
    await page.locator('.govuk-error-summary').getByText('Enter a title').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await saveFromExplore('Test crime by district');
    await page.getByLabel('Chart', { exact: true }).selectOption('line');
    await page.waitForURL(/chart=line/);
    await page.getByTestId('chart').locator('svg[role="img"]').waitFor();
    await saveFromExplore('Test crime per month');

    // Saved views survive a reload and are listed with who can see them.
    await page.reload();
    await page.locator('#navigation').getByRole('link', { name: 'Dashboards' }).click();
    const saved = page.getByTestId('saved-view-row');
    await saved.filter({ hasText: 'Test crime by district' }).filter({ hasText: 'Your organisation' }).waitFor();
    await saved.filter({ hasText: 'Test crime per month' }).waitFor();
    await screenshot(page, '40-dashboards-list');
    await expectAccessible('dashboards list');

    // A new dashboard from the two views.
    await page.getByRole('button', { name: 'Create a dashboard' }).click();
    await page.getByRole('heading', { name: 'Create a dashboard' }).waitFor();
    await page.getByLabel('Title').fill('Test dashboard');
    for (const [title, width] of [['Test crime per month', 'Full width'], ['Test crime by district', 'Half']] as const) {
      await page.getByLabel('Saved view to add').selectOption({ label: title });
      await page.getByLabel('Width', { exact: true }).selectOption({ label: width });
      await page.getByRole('button', { name: 'Add to dashboard' }).click();
    }
    await screenshot(page, '41-dashboard-create');
    await expectAccessible('create a dashboard');
    await page.getByRole('button', { name: 'Create dashboard' }).click();
    await page.getByRole('heading', { name: 'Test dashboard', level: 1 }).waitFor();
    const byDistrict = tile('Test crime by district');
    const perMonth = tile('Test crime per month');
    await byDistrict.locator('svg[role="img"]').waitFor();
    await perMonth.locator('svg[role="img"]').waitFor();
    expect(await tableCells(perMonth)).toEqual(MONTHS.map((m) => [m, '30']));

    // Clicking the Winchester bar filters the other chart, in the URL, without a page load.
    await page.evaluate(() => ((globalThis as unknown as { __marker: number }).__marker = 1));
    await byDistrict.locator('[data-key="E07000094"]').click();
    await page.waitForURL(/filter=district%3AE07000094/);
    await page.getByRole('button', { name: 'Remove filter District: Winchester' }).waitFor();
    await perMonth.locator('figcaption', { hasText: 'Filtered to Winchester' }).waitFor();
    expect(await tableCells(perMonth)).toEqual(MONTHS.map((m) => [m, '10']));
    await expect(page.evaluate(() => (globalThis as unknown as { __marker?: number }).__marker)).resolves.toBe(1);
    await expect(page.evaluate(() => performance.getEntriesByName('csp:filter-redraw').length)).resolves.toBeGreaterThan(0);
    await screenshot(page, '42-dashboard-cross-filtered');
    await expectAccessible('dashboard, filtered');

    // The filtered dashboard is a link: opening it again shows the same filter.
    const filtered = page.url();
    await page.reload();
    await perMonth.locator('figcaption', { hasText: 'Filtered to Winchester' }).waitFor();
    expect(page.url()).toBe(filtered);

    // By keyboard: the bar chart's data table has a Filter button per row.
    await tableCells(byDistrict);
    const portsmouth = byDistrict.getByRole('button', { name: 'Filter by Portsmouth' });
    await portsmouth.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/filter=district%3AE06000044/);
    await perMonth.locator('figcaption', { hasText: 'Filtered to Portsmouth' }).waitFor();
    expect(await tableCells(perMonth)).toEqual(MONTHS.map((m) => [m, '20']));

    // A month range narrows the bar chart and is shaded on the line.
    await page.getByLabel('From month').fill('2025-02');
    await page.getByLabel('To month').fill('2025-03');
    await page.waitForURL(/to=2025-03/);
    await byDistrict.locator('figcaption', { hasText: 'Feb 2025 to Mar 2025' }).waitFor();
    expect(await tableCells(byDistrict)).toEqual([['Portsmouth', '40', 'Clear by Portsmouth'], ['Winchester', '20', 'Filter by Winchester']]);

    // CSV of the filtered line chart, from the API: the figures on screen, formula-looking text escaped.
    const csv = await download(perMonth, 'Download data (CSV)');
    expect(csv.name).toMatch(/\.csv$/);
    expect(csv.text.trim().split(/\r?\n/)).toEqual(['month,count', ...MONTHS.map((m) => `${m},20`)]);
    const svg = await download(perMonth, 'Download SVG');
    expect(svg.text.startsWith('<?xml')).toBe(true);
    expect(svg.text).toContain('<svg');
    expect(svg.text).toContain('Test crime per month');
    const png = await download(perMonth, 'Download PNG');
    expect(png.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');

    // Removing the filter tags brings every chart back.
    await page.getByRole('button', { name: 'Clear all filters' }).click();
    await page.waitForURL((url) => !url.search.includes('filter=') && !url.search.includes('from='));
    await page.getByText('None. Click a bar or drag across a line chart').waitFor();
    await perMonth.locator('figcaption', { hasText: 'Filtered to' }).waitFor({ state: 'detached' });
    expect(await tableCells(perMonth)).toEqual(MONTHS.map((m) => [m, '30']));
  });

  it('exports Explore data as CSV with formula escaping', async () => {
    await page.goto(`${b.baseUrl}/explore?dataset=${slug}&chart=bar&by=category`);
    await page.getByTestId('chart').locator('svg[role="img"]').waitFor();
    const csv = await download(page.locator('main'), 'Download data (CSV)');
    expect(csv.text).toContain(`"'=HYPERLINK(""x"")",4`);
    expect(csv.text).toContain('Public order,116');
  });

  it('changes and deletes a saved view, with confirmation', async () => {
    await page.goto(`${b.baseUrl}/dashboards`);
    await page.getByRole('link', { name: 'Change Test crime by district' }).click();
    await page.getByLabel('Title').fill('Test crime by area');
    await page.getByLabel('Just me').check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('“Test crime by area” is saved.').waitFor();
    await page.getByTestId('saved-view-row').filter({ hasText: 'Test crime by area' }).filter({ hasText: 'Only you' }).waitFor();
    await page.getByRole('link', { name: 'Change Test crime by area' }).click();
    await page.getByRole('button', { name: 'Delete this view' }).click();
    await page.getByRole('heading', { name: 'Are you sure you want to delete this view?' }).waitFor();
    await screenshot(page, '43-saved-view-delete');
    await expectAccessible('change a saved view');
    await page.getByRole('button', { name: 'Yes, delete this view' }).click();
    await page.getByText('“Test crime by area” is deleted.').waitFor();
    await expect(page.getByTestId('saved-view-row').filter({ hasText: 'Test crime by area' }).count()).resolves.toBe(0);
    // The dashboard keeps its other chart.
    await page.getByRole('link', { name: 'Test dashboard' }).click();
    await tile('Test crime per month').locator('svg[role="img"]').waitFor();
    await expect(page.getByRole('heading', { name: 'Test crime by area' }).count()).resolves.toBe(0);
  });

  it('renders both demo dashboards for the people they are shared with', async () => {
    for (const [email, title, charts] of [
      ['analyst.winchester@demo.csp-hub.test', 'ASB across the partnership', 4],
      ['imb@demo.csp-hub.test', 'ASB across the partnership', 4],
      ['imb@demo.csp-hub.test', 'Police and Crime Plan delivery', 4],
    ] as const) {
      const tab = await b.newPage();
      page = tab;
      await signIn(page, b.baseUrl, email);
      await page.locator('#navigation').getByRole('link', { name: 'Dashboards' }).click();
      await page.getByRole('link', { name: title }).click();
      await page.getByRole('heading', { name: title, level: 1 }).waitFor();
      await expect(page.getByTestId('dashboard-tile').locator('svg[role="img"]').first().waitFor()).resolves.toBeUndefined();
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="dashboard-tile"] figure svg[role="img"]').length === n, charts);
      await expect(page.locator('.govuk-error-summary').count()).resolves.toBe(0);
      await expect(page.getByTestId('no-rows').count()).resolves.toBe(0);
      await screenshot(page, `44-demo-${title.toLowerCase().replace(/\W+/g, '-')}-${email.split('@')[0]}`);
      await expectAccessible(`demo dashboard ${title}`);
      await tab.close();
    }
  });

  async function download(scope: Locator, button: string): Promise<{ name: string; text: string; bytes: Buffer }> {
    const [file] = await Promise.all([page.waitForEvent('download'), scope.getByRole('button', { name: button }).first().click()]);
    const bytes = await downloadedBytes(file);
    return { name: file.suggestedFilename(), text: bytes.toString('utf8'), bytes };
  }
});

declare const document: { querySelectorAll: (s: string) => { length: number } };
declare const performance: { getEntriesByName: (n: string) => unknown[] };
