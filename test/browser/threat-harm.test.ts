import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { createMatchKeyer } from '../../etl/matching/index.js';
import { AccessLevel } from '../../src/access/access-level.js';
import { createDataset, type FactoryRow, times } from '../factories/dataset.factory.js';
import { createGrant } from '../factories/grant.factory.js';
import { PARTNER_COLUMNS } from '../analytics/planted-datasets.js';
import { type BrowserHub, chromiumAvailable, screenshot, seriousA11yViolations, signIn, signOut, startBrowserHub } from './support/browser-hub.js';

const suite = chromiumAvailable ? describe : describe.skip;
const WINCHESTER = { district_code: 'E07000094', district_name: 'Winchester', category_group: 'Anti-social behaviour', source_org: 'winchester', placement: 'mapped' };
const MONTHS = ['2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09'];

suite('browser client: threat, risk and harm', () => {
  let b: BrowserHub;
  let page: Page;
  let subject: string;

  beforeAll(async () => {
    b = await startBrowserHub({ DEMO_DATA: 'false' });
    subject = createMatchKeyer(b.hub.config.analytics.matchingKey).subjectKey({ fullName: 'Alice Ashdown', dateOfBirth: '1980-05-05' })!;
    const rows: FactoryRow[] = [
      ...MONTHS.flatMap((m) => times(5, { ...WINCHESTER, month: m, category: 'Nuisance', incident_date: `${m}-15`, lsoa_code: 'E01000001', lsoa_name: 'Winchester 001A' })),
      ...times(30, { ...WINCHESTER, month: '2026-10', category: 'Nuisance', incident_date: '2026-10-20', lsoa_code: 'E01000001', lsoa_name: 'Winchester 001A' }),
      ...['2026-07-01', '2026-08-01', '2026-09-01'].map((d) => ({ ...WINCHESTER, month: d.slice(0, 7), category: 'Personal', incident_date: d, reported_date: d, subject_key: subject, victim_name: 'Alice Ashdown' })),
    ];
    const dataset = await createDataset(b.hub, { slug: 'winchester-asb-browser', owner: 'winchester', extraColumns: PARTNER_COLUMNS, rows });
    await createGrant(b.hub, dataset, { organisation: 'opcc', level: AccessLevel.Aggregate, areas: ['E07000094'] });
    page = await b.newPage();
  }, 120_000);
  afterAll(async () => {
    await page?.close();
    await b?.close();
  });

  it('shows trends, hotspots and repeat victims, checks the Community Trigger, and passes axe', async () => {
    await signIn(page, b.baseUrl, 'analyst.winchester@demo.csp-hub.test');
    // The landing page (Explore) announces the flagged rise before any question is asked.
    await page.getByRole('heading', { name: 'Explore', level: 1 }).waitFor();
    const landing = page.getByRole('region', { name: 'Emerging trends' });
    await landing.getByText('Nuisance in Winchester: 30 against about 5.0 a month').waitFor();
    await page.locator('#navigation').getByRole('link', { name: 'Dashboards' }).click();
    const banner = page.getByRole('region', { name: 'Emerging trends' });
    await banner.getByText('Nuisance in Winchester: 30 against about 5.0 a month').waitFor();
    await banner.getByRole('link', { name: 'See threat, risk and harm' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.locator('#navigation').getByRole('link', { name: 'Threat, risk and harm' }).click();
    await page.getByRole('heading', { name: 'Threat, risk and harm', level: 1 }).waitFor();
    await page.locator('figcaption', { hasText: 'Flagged rises, 2026-10' }).waitFor();
    await page.locator('figcaption', { hasText: /Hotspots, 90 days to/ }).waitFor();
    // No boundaries in this hub: the hotspot map falls back to the areas' tile map, and says so.
    await page.locator('figcaption', { hasText: /Map of hotspots, 90 days to/ }).waitFor();
    await page.getByText('No boundaries are loaded, so the map shows the hotspot counts per area.').waitFor();
    expect(await page.getByText('counts only').count()).toBe(0);
    const victims = page.getByRole('region', { name: 'Repeat victims' });
    await victims.locator('code', { hasText: subject.slice(0, 12) }).waitFor();
    expect(await page.content()).not.toContain('Alice Ashdown');
    await victims.getByRole('button', { name: /Check/ }).click();
    await victims.getByText(/Met: 3 complaints 2026-07-01 to 2026-09-01/).waitFor();
    await screenshot(page, 'threat-harm');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('gives a counts-only user suppressed counts per area and no keys', async () => {
    await signOut(page);
    await signIn(page, b.baseUrl, 'imb@demo.csp-hub.test');
    await page.locator('#navigation').getByRole('link', { name: 'Threat, risk and harm' }).click();
    const victims = page.getByRole('region', { name: 'Repeat victims' });
    await victims.getByText('You can see counts only, so individual people are not listed.').waitFor();
    await victims.getByText(/counts of 1 to 4 are shown as "suppressed"/).waitFor();
    expect(await victims.locator('code').count()).toBe(0);
    expect(await page.content()).not.toContain(subject.slice(2, 14));
    await screenshot(page, 'threat-harm-counts-only');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
