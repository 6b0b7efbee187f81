import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { LoadStatus } from '../../src/ingest/load-policy.js';
import { loadFile, STREET_HEADER, streetRow, writeFixture } from '../ingest/ingest-helpers.js';
import { TEST_PASSWORD } from '../support/test-hub.js';
import { type BrowserHub, chromiumAvailable, CHROMIUM, screenshot, seriousA11yViolations, startBrowserHub } from './support/browser-hub.js';

if (!chromiumAvailable) console.warn(`Skipping browser tests: no Chromium at ${CHROMIUM} (run scripts/install-chromium.sh).`);
const suite = chromiumAvailable ? describe : describe.skip;

/**
 * A fresh hub as `npm start` makes it, with no REFERENCE_DATA_DIR: the boundaries shipped in
 * reference/ are loaded at start, so Explore's LSOA map draws shapes (not the fallback table),
 * with the attribution under it, and the same map as a rate per 1,000 residents.
 */
suite('browser client: maps out of the box (no REFERENCE_DATA_DIR)', () => {
  let b: BrowserHub;
  let page: Page;
  const winchester = (parse(readFileSync(path.resolve('reference/deprivation/imd2019-hampshire-iow.csv')), { columns: true }) as Record<string, string>[]).filter((r) => r.lad19cd === 'E07000094').slice(0, 12);

  beforeAll(async () => {
    b = await startBrowserHub({ DEMO_DATA: 'false', SHIPPED_BOUNDARIES: 'true', REFERENCE_DATA_DIR: '' });
    expect(b.hub.config.referenceDataDir).toBeUndefined();
    const rows = winchester.flatMap((l, i) => Array.from({ length: 10 + i * 5 }, (_, k) => streetRow({ id: `b-${i}-${k}`, month: '2025-03', lsoa: l.lsoa11cd, lsoaName: l.lsoa11nm, type: 'Anti-social behaviour' })));
    const load = await loadFile(b.hub, 'police-uk-street', writeFixture(b.hub, '2025-03-hampshire-street.csv', [STREET_HEADER, ...rows].join('\n')));
    expect(load.status).toBe(LoadStatus.Succeeded);
    page = await b.newPage();
    await page.goto(`${b.baseUrl}/explore?dataset=police-uk-street&chart=map-lsoa`);
    await page.getByLabel('Email address').fill('analyst.winchester@demo.csp-hub.test');
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }, 180_000);
  afterAll(async () => {
    await page?.close();
    await b?.close();
  });

  const plot = () => page.getByTestId('chart').locator('svg[role="img"]');

  it('draws the LSOA choropleth from the shipped boundaries, with their attribution', async () => {
    await page.getByText(/^Count by LSOA/).first().waitFor();
    await plot().waitFor();
    const titles = await plot().locator('title').allTextContents();
    expect(titles.length).toBeGreaterThan(14);
    expect(titles.filter((t) => winchester.some((l) => t.startsWith(l.lsoa11nm))).length).toBeGreaterThan(0);
    await expect(page.locator('.app-attribution').innerText()).resolves.toMatch(/Crown copyright.*Open Government Licence/);
    await screenshot(page, '44-explore-map-lsoas-shipped-boundaries');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('shows the same map as a rate per 1,000 residents', async () => {
    await page.getByLabel('Show as').selectOption('all');
    await page.waitForURL(/rate=all/);
    await page.getByText(/^Rate per 1,000 residents by LSOA/).first().waitFor();
    await plot().waitFor();
    await page.getByText(/Rates are per 1,000 residents/).waitFor();
    const titles = await plot().locator('title').allTextContents();
    expect(titles.filter((t) => /: \d+(\.\d+)?$/.test(t)).length).toBeGreaterThan(0);
  });

  it('shades the same LSOAs by deprivation decile, and by rate and deprivation together', async () => {
    await page.getByLabel('Shade by').selectOption('deprivation');
    await page.waitForURL(/layer=deprivation/);
    await page.getByText(/^Deprivation decile \(IMD 2019\) by LSOA/).first().waitFor();
    await plot().waitFor();
    // Every Winchester LSOA drawn carries its decile from the file.
    const titles = await plot().locator('title').allTextContents();
    for (const l of winchester) expect(titles).toContain(`${l.lsoa11nm}: deprivation decile ${l.imd_decile}`);
    await screenshot(page, '45-explore-map-lsoas-deprivation');

    await page.getByLabel('Shade by').selectOption('bivariate');
    await page.waitForURL(/layer=bivariate/);
    await page.getByText(/^Rate per 1,000 residents and deprivation decile by LSOA/).first().waitFor();
    await plot().waitFor();
    const both = await plot().locator('title').allTextContents();
    const first = winchester[0];
    expect(both.find((t) => t.startsWith(`${first.lsoa11nm}: `))).toMatch(new RegExp(`\\((low|middle|high)\\), deprivation decile ${first.imd_decile}$`));
    await expect(page.locator('svg.app-bivariate-key').textContent()).resolves.toMatch(/most deprived \(deciles 1–3\)/);
    // The data table gives each LSOA's decile beside its figure.
    await page.getByText('Show the data as a table').click();
    await expect(page.getByRole('columnheader', { name: 'Deprivation decile (1 = most deprived)' }).count()).resolves.toBeGreaterThan(0);
    await screenshot(page, '46-explore-map-lsoas-bivariate');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('draws a ward map from the shipped ward boundaries, each LSOA counted in its best-fit ward', async () => {
    await page.getByLabel('Chart').selectOption('map-ward');
    await page.waitForURL(/chart=map-ward/);
    await page.getByText(/^Rate per 1,000 residents by ward/).first().waitFor();
    await plot().waitFor();
    const titles = await plot().locator('title').allTextContents();
    // Winchester's wards, some with a rate (the rest had no records).
    expect(titles.length).toBeGreaterThan(10);
    expect(titles.filter((t) => /: \d+(\.\d+)?$/.test(t)).length).toBeGreaterThan(0);
    await page.getByText(/Each row counts in the ward covering most of its 2011 LSOA/).waitFor();
    await screenshot(page, '47-explore-map-wards');
  });
});
