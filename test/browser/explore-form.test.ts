import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { createDataset, type FactoryRow, times } from '../factories/dataset.factory.js';
import { type BrowserHub, chromiumAvailable, screenshot, seriousA11yViolations, signIn, startBrowserHub } from './support/browser-hub.js';

// Callbacks given to page.evaluate run in the browser; the root tsconfig has no DOM types.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const sessionStorage: any;

const suite = chromiumAvailable ? describe : describe.skip;

/** Council ASB cases: two categories in two groups, an outcome dimension and officer hours to sum. */
function rows(): FactoryRow[] {
  return ['2025-01', '2025-02', '2025-03'].flatMap((month, m) => [
    ...times(6 + m, { month, district_code: 'E07000094', district_name: 'Winchester', category: 'Noise nuisance', category_group: 'Anti-social behaviour', source_org: 'hiow-constabulary', outcome: 'Warning', hours: 2 }),
    ...times(9, { month, district_code: 'E06000044', district_name: 'Portsmouth', category: 'Noise nuisance', category_group: 'Anti-social behaviour', source_org: 'hiow-constabulary', outcome: 'No further action', hours: 1.5 }),
    ...times(7, { month, district_code: 'E06000044', district_name: 'Portsmouth', category: 'Shoplifting', category_group: 'Crime', source_org: 'hiow-constabulary', outcome: 'Charged', hours: 4 }),
  ]);
}

suite('browser client: the Explore question form', () => {
  let b: BrowserHub;
  let page: Page;
  let slug: string;

  beforeAll(async () => {
    b = await startBrowserHub();
    const dataset = await createDataset(b.hub, {
      title: 'Neighbourhood cases (explore form test)',
      owner: 'hiow-constabulary',
      extraColumns: [
        { name: 'outcome', type: 'text', label: 'Outcome', personal: false, dimension: true },
        { name: 'hours', type: 'double', label: 'Officer hours', personal: false, dimension: false },
      ],
      rows: rows(),
    });
    slug = dataset.slug;
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

  /** The data table under the chart, as text cells. */
  async function tableCells(): Promise<string[][]> {
    const figure = page.getByTestId('chart');
    if ((await figure.locator('details').getAttribute('open')) === null) await figure.getByText('Show the data as a table').click();
    return figure.locator('table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())));
  }

  /** The API's answer to the same question, as the signed-in user, in the table's shape. */
  async function apiCells(spec: object, columns: string[]): Promise<string[][]> {
    const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem('csp-hub.session') ?? '{}').accessToken as string);
    const res = await fetch(`${b.baseUrl}/api/query`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(spec) });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { rows: Record<string, unknown>[] };
    return answer.rows.map((r) => columns.map((c) => (r.suppressed === true && c === columns[columns.length - 1] ? 'suppressed' : typeof r[c] === 'number' ? (r[c] as number).toLocaleString('en-GB') : String(r[c]))));
  }

  const sorted = (cells: string[][]) => [...cells].sort((x, y) => x.join('|').localeCompare(y.join('|')));

  async function chartDrawn(): Promise<void> {
    await page.getByTestId('chart').locator('svg[role="img"]').waitFor();
    await page.locator('[aria-busy="true"]').waitFor({ state: 'detached' });
  }

  it('asks the cross-partner view for one category group, by dataset, and draws the API answer', async () => {
    await signIn(page, b.baseUrl, 'analyst.police@demo.csp-hub.test');
    await page.getByRole('heading', { name: 'Explore' }).waitFor();
    await page.goto(`${b.baseUrl}/explore?dataset=${slug}`);
    await chartDrawn();
    await page.evaluate(() => ((globalThis as any).__marker = 1));

    const datasetSelect = page.getByLabel('Dataset');
    await expect(datasetSelect.locator('option').first().innerText()).resolves.toBe("All partners' data (cross-partner)");
    await datasetSelect.selectOption('*');
    await page.waitForURL(/dataset=\*|dataset=%2A/);
    // Counts only across partners.
    await expect(page.getByLabel('Measure').locator('option').allInnerTexts()).resolves.toEqual(['Count of records']);
    // Line charts are by month: no "Group by".
    await expect(page.getByLabel('Group by').count()).resolves.toBe(0);
    await page.getByLabel('Chart').selectOption('bar');
    await page.waitForURL(/chart=bar/);
    await expect(page.getByLabel('Group by').locator('option').allInnerTexts()).resolves.toEqual(['Category', 'Category group', 'District', 'Ward (best fit of the LSOA)', 'Deprivation decile (1 = most deprived)', 'Source partner', 'Dataset']);
    await page.getByLabel('Group by').selectOption('dataset');
    await page.waitForURL(/by=dataset/);

    const groups = page.getByTestId('cat-filter');
    await expect(groups.locator('summary').innerText()).resolves.toBe('Category groups (0 selected)');
    await groups.getByLabel('Anti-social behaviour', { exact: true }).check();
    await page.waitForURL(/cat=Anti-social/);
    await expect(groups.locator('summary').innerText()).resolves.toBe('Category groups (1 selected)');
    await chartDrawn();
    const spec = { dataset: '*', measures: ['count'], groupBy: ['dataset'], filters: [{ field: 'category_group', op: 'in', value: ['Anti-social behaviour'] }] };
    const shown = await tableCells();
    // The API names datasets by slug; the page by title and owner ("Title — Owner"), as every list does.
    const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem('csp-hub.session') ?? '{}').accessToken as string);
    const catalogue = (await (await fetch(`${b.baseUrl}/api/datasets`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { slug: string; title: string; owner: { name: string } }[];
    const titles = new Map(catalogue.map((d) => [d.slug, d.owner.name ? `${d.title} — ${d.owner.name}` : d.title]));
    expect(shown.some((r) => r[0] === titles.get(slug))).toBe(true);
    expect(shown.some((r) => r[0] === slug)).toBe(false);
    expect(sorted(shown)).toEqual(sorted((await apiCells(spec, ['dataset', 'count'])).map(([d, n]) => [titles.get(d) ?? d, n])));
    // Redrawn in the same window: no page load.
    await expect(page.evaluate(() => (globalThis as any).__marker)).resolves.toBe(1);
    await screenshot(page, '50-explore-form-cross-partner');
    await expectAccessible('explore: cross-partner view');
  });

  it('sums a declared field by a declared dimension for some categories, and keeps it all in the URL', async () => {
    await page.goto(`${b.baseUrl}/explore?dataset=${slug}&chart=bar`);
    await chartDrawn();
    await page.getByLabel('Measure').selectOption('sum(hours)');
    await page.waitForURL(/measure=sum/);
    await page.getByLabel('Group by').selectOption('outcome');
    await page.waitForURL(/by=outcome/);
    await page.getByTestId('cat-filter').getByLabel('Noise nuisance', { exact: true }).check();
    await page.waitForURL(/cat=Noise/);
    await chartDrawn();
    await expect(page.getByTestId('chart').locator('figcaption').first().innerText()).resolves.toContain('Total of Officer hours by outcome');
    const spec = { dataset: slug, measures: ['sum(hours)'], groupBy: ['outcome'], filters: [{ field: 'category', op: 'in', value: ['Noise nuisance'] }] };
    const shown = await tableCells();
    expect(sorted(shown)).toEqual(sorted(await apiCells(spec, ['outcome', 'sum_hours'])));
    // 6+7+8 warnings of 2 hours; 27 no-further-actions of 1.5 hours; nothing charged (that was shoplifting).
    expect(sorted(shown)).toEqual([['No further action', '40.5'], ['Warning', '42']]);

    // Bookmarkable: a reload draws the same question.
    const url = page.url();
    await page.reload();
    await chartDrawn();
    expect(page.url()).toBe(url);
    await expect(page.getByLabel('Measure').inputValue()).resolves.toBe('sum(hours)');
    await expect(page.getByLabel('Group by').inputValue()).resolves.toBe('outcome');
    await expect(page.getByTestId('cat-filter').getByLabel('Noise nuisance', { exact: true }).isChecked()).resolves.toBe(true);

    // Maps have no "Group by"; areas are folded away with a count.
    await page.getByLabel('Chart').selectOption('map');
    await page.waitForURL(/chart=map/);
    await expect(page.getByLabel('Group by').count()).resolves.toBe(0);
    await expect(page.getByTestId('area-filter').locator('summary').innerText()).resolves.toBe('Areas (0 selected)');
    await page.getByLabel('Chart').selectOption('bar');
    await chartDrawn();
    await screenshot(page, '51-explore-form-measure-and-categories');
    await expectAccessible('explore: measure and categories');
  });

  it('opens a grouping Explore did not list before, from the address a saved view gives', async () => {
    await page.goto(`${b.baseUrl}/explore?dataset=${slug}&chart=bar&by=outcome`);
    await chartDrawn();
    await expect(page.getByLabel('Group by').inputValue()).resolves.toBe('outcome');
    const shown = await tableCells();
    expect(sorted(shown)).toEqual(sorted(await apiCells({ dataset: slug, measures: ['count'], groupBy: ['outcome'] }, ['outcome', 'count'])));
  });
});
