import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { generateDataset } from '../../etl/generate/index.js';
import { loadGeography } from '../../etl/geography/index.js';
import { GeographyService } from '../../src/ingest/geography.service.js';
import { LoadStatus } from '../../src/ingest/load-policy.js';
import { writeBoundaryFolder } from '../factories/boundaries.factory.js';
import { loadFile, STREET_HEADER, streetRow, writeFixture } from '../ingest/ingest-helpers.js';
import { TEST_PASSWORD } from '../support/test-hub.js';
import { type BrowserHub, chromiumAvailable, CHROMIUM, downloadedBytes, screenshot, seriousA11yViolations, startBrowserHub } from './support/browser-hub.js';

// Callbacks given to page.waitForFunction run in the browser; the root tsconfig has no DOM types.
declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any

if (!chromiumAvailable) console.warn(`Skipping browser tests: no Chromium at ${CHROMIUM} (run scripts/install-chromium.sh).`);
const suite = chromiumAvailable ? describe : describe.skip;
const reference = process.env.REFERENCE_DATA_DIR;

/**
 * Explore's maps in a real browser: police.uk rows generated on the boundaries (the real ones
 * with REFERENCE_DATA_DIR, else made-up squares), seen by the Winchester analyst, whose demo
 * grant is aggregate level, so suppression shows. First without boundaries in the hub (tiles),
 * then with them (choropleths and hexagons over the districts).
 */
suite('browser client: maps in Explore', () => {
  let b: BrowserHub;
  let page: Page;
  let boundaries: string;

  beforeAll(async () => {
    b = await startBrowserHub({ DEMO_DATA: 'false' });
    boundaries = reference ? path.join(reference, 'boundaries') : writeBoundaryFolder(b.hub.dir);
    const out = path.join(b.hub.dir, 'generated');
    const geography = await loadGeography(boundaries);
    const manifest = await generateDataset({ out, months: 2, rowsPerMonth: 6000, seed: 'explore-maps', start: '2025-01', policeOnly: true, geography });
    const files = manifest.files.filter((f) => f.kind === 'police-street').map((f) => path.join(out, f.path));
    // A month of our own with known small counts in three Winchester LSOAs: 2 and 3 (withheld), 30.
    const [a, c, big] = geography.lsoasIn('E07000094');
    const rows = [[a, 2], [c, 3], [big, 30]].flatMap(([l, n]) => Array.from({ length: n as number }, (_, i) => streetRow({ id: `dec-${i}`, month: '2024-12', lsoa: (l as typeof a).code, lsoaName: (l as typeof a).name, type: 'Burglary' })));
    files.push(writeFixture(b.hub, '2024-12-hampshire-street.csv', [STREET_HEADER, ...rows].join('\n')));
    for (const file of files) {
      const load = await loadFile(b.hub, 'police-uk-street', file);
      expect(load.status).toBe(LoadStatus.Succeeded);
    }
  }, 180_000);
  beforeEach(async () => {
    page = await b.newPage();
    await page.goto(`${b.baseUrl}/explore?dataset=police-uk-street&chart=map`);
    await page.getByLabel('Email address').fill('analyst.winchester@demo.csp-hub.test');
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
  });
  afterEach(async () => {
    await page.close();
  });
  afterAll(async () => {
    await b?.close();
  });

  const plot = () => page.getByTestId('chart').locator('svg[role="img"]');
  const titles = () => plot().locator('title').allTextContents();

  /**
   * Waits for the chart of the CURRENT answer: on a chart change the page may draw the previous
   * answer in the new chart once before the new answer arrives, so a plot alone proves nothing.
   */
  async function drawnWith(title: RegExp, atLeast: number): Promise<void> {
    await page.waitForFunction(
      ([source, flags, min]) => {
        const re = new RegExp(source as string, flags as string);
        const found = [...document.querySelectorAll('[aria-busy="false"] [data-testid="chart"] svg[role="img"] title')].filter((t: any) => re.test(t.textContent ?? ''));
        return found.length >= (min as number);
      },
      [title.source, title.flags, atLeast] as const,
    );
  }

  async function pick(chart: string) {
    await page.getByLabel('Chart').selectOption(chart);
    await page.waitForURL(new RegExp(`chart=${chart}(&|$)`));
  }

  async function expectAccessible(name: string) {
    const violations = await seriousA11yViolations(page);
    expect({ page: name, violations }).toEqual({ page: name, violations: [] });
  }

  it('without boundaries in the hub: the tile map, LSOAs as a table, hexagons without outlines', async () => {
    await plot().waitFor();
    await expect(page.locator('figcaption').innerText()).resolves.toMatch(/tiles: no boundaries are loaded/);
    expect(await plot().locator('rect').count()).toBeGreaterThanOrEqual(14);
    await screenshot(page, '40-explore-map-tiles');
    await expectAccessible('explore tile map');

    await pick('map-lsoa');
    await page.getByText(/no LSOA boundaries are loaded, so as a table/).first().waitFor();
    expect(await page.locator('table tbody tr').count()).toBeGreaterThan(0);
    await expectAccessible('explore LSOAs without boundaries');

    await pick('points');
    await page.getByText('Count at snapped locations', { exact: false }).first().waitFor();
    await drawnWith(/ at \d+ locations?$/, 1);
    expect((await titles()).filter((t) => / at \d+ locations?$/.test(t)).length).toBeGreaterThan(0);
    await screenshot(page, '41-explore-points-without-boundaries');
    await expectAccessible('explore hexbin without boundaries');
  });

  describe('with boundaries loaded', () => {
    beforeAll(async () => {
      await b.hub.app.get(GeographyService).importFolder(boundaries);
    });

    it('choropleth of districts: 14 areas with their values in titles, legend and key, accessible', async () => {
      await plot().waitFor();
      await expect(page.locator('figcaption').innerText()).resolves.toMatch(/^Count by district/);
      const areaTitles = await titles();
      expect(areaTitles).toHaveLength(14);
      expect(areaTitles.filter((t) => /: [\d,]+$/.test(t)).length).toBeGreaterThan(0);
      // Every district has thousands of rows: nothing withheld or blank, so no key is needed.
      expect(await page.locator('.app-map-key').count()).toBe(0);
      await screenshot(page, '42-explore-map-districts');
      await expectAccessible('explore district choropleth');
      await page.getByText('Show the data as a table').click();
      expect(await page.getByTestId('chart').locator('table tbody tr').count()).toBeGreaterThan(0);
    });

    it('choropleth of LSOAs with district outlines; suppressed LSOAs hatched', async () => {
      await plot().waitFor();
      await pick('map-lsoa');
      await page.getByText(/^Count by LSOA/).first().waitFor();
      await drawnWith(/./, 15);
      expect((await titles()).length).toBeGreaterThan(14);
      await screenshot(page, '43-explore-map-lsoas');
      await expectAccessible('explore LSOA choropleth');

      // December 2024 alone: Winchester's LSOAs, two of them withheld and hatched.
      await page.goto(`${b.baseUrl}/explore?dataset=police-uk-street&chart=map-lsoa&from=2024-12&to=2024-12`);
      await plot().waitFor();
      const december = await titles();
      expect(december.filter((t) => /suppressed \(a count from 1 to 4/.test(t))).toHaveLength(2);
      // The one released LSOA counts 30, perturbed by at most 2.
      const released = december.map((t) => /: (\d+)$/.exec(t)).filter((m) => m !== null);
      expect(released).toHaveLength(1);
      expect(Math.abs(Number(released[0]![1]) - 30)).toBeLessThanOrEqual(2);
      expect(await plot().locator('g.app-map-suppressed path').count()).toBe(2);
      await expect(plot().locator('g.app-map-suppressed path').first().getAttribute('fill')).resolves.toMatch(/^url\(#app-hatch-\d+\)$/);
      await expect(page.locator('.govuk-inset-text').first().innerText()).resolves.toMatch(/2 values are suppressed/);
      await expect(page.locator('.app-map-key').innerText()).resolves.toContain('Suppressed (a count from 1 to 4');
      await screenshot(page, '43-explore-map-lsoas-one-month');
      await expectAccessible('explore LSOA choropleth, one month');

      // The SVG download keeps the hatching and the key's words.
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download SVG' }).click()]);
      const svg = (await downloadedBytes(file)).toString('utf8');
      expect(svg).toMatch(/<pattern[^>]*id="app-hatch-\d+"/);
      expect(svg).toContain('Suppressed (a count from 1 to 4, or hidden to protect one)');
    });

    it('hexagons of snapped locations over the district outlines', async () => {
      await plot().waitFor();
      await pick('points');
      await page.getByText('Count at snapped locations', { exact: false }).first().waitFor();
      await drawnWith(/ at \d+ locations?$/, 1);
      const all = await titles();
      expect(all.filter((t) => / at \d+ locations?$/.test(t)).length).toBeGreaterThan(0);
      expect(all.filter((t) => t === 'Winchester').length).toBe(1); // the district outline's title
      await screenshot(page, '44-explore-points');
      await expectAccessible('explore hexbin');
    });
  });
});
