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
});
