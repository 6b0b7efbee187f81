import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { createMappedFeed, loadFile, operator, writeFixture } from '../ingest/ingest-helpers.js';
import { type BrowserHub, chromiumAvailable, downloadedBytes, screenshot, seriousA11yViolations, signIn, startBrowserHub } from './support/browser-hub.js';

const suite = chromiumAvailable ? describe : describe.skip;
const SLUG = 'wcc-subject-cases';
const MAPPING = {
  dateFormat: 'dd/MM/yyyy',
  columns: [
    { source: 'Ref', name: 'case_ref', required: true, label: 'Case reference' },
    { source: 'Incident', name: 'incident_date', type: 'date', label: 'Incident date' },
    { source: 'District', name: 'district', dimension: true },
    { source: 'Name', name: 'victim_name', personal: true, label: 'Name' },
    { source: 'DOB', name: 'victim_dob', type: 'date', personal: true, label: 'Date of birth' },
  ],
  monthFrom: 'incident_date',
  area: { district: 'district' },
  key: 'case_ref',
  identifiers: { person: { fullName: 'victim_name', dateOfBirth: 'victim_dob' } },
};
const FILE = ['Ref,Incident,District,Name,DOB', 'WS-1,05/03/2026,Winchester,"OBRIEN, Margaret",01/02/1950', 'WS-2,06/03/2026,Winchester,Ann Jones,03/03/1970'].join('\n') + '\n';

suite('browser client: subject access search, export and erasure; retention settings', () => {
  let b: BrowserHub;
  let page: Page;

  beforeAll(async () => {
    b = await startBrowserHub({ DEMO_DATA: 'false' });
    const etl = (await operator(b.hub)).user;
    await createMappedFeed(b.hub, etl, 'wcc-subject', MAPPING, {
      policy: 'upsert-by-key',
      dataset: { slug: SLUG, title: 'Subject test cases', kind: 'partner_asb', sensitivity: 'OFFICIAL-SENSITIVE', lawfulBasis: 'UK GDPR Art 6(1)(e) public task', ownerOrganisation: 'winchester' },
    });
    const load = await loadFile(b.hub, 'wcc-subject', writeFixture(b.hub, 'wcc-subject.csv', FILE), etl);
    expect(load.status).toBe('succeeded');
    page = await b.newPage();
    await signIn(page, b.baseUrl, 'owner.winchester@demo.csp-hub.test');
    await page.getByTestId('header-user').waitFor();
  }, 120_000);
  afterAll(async () => {
    await page?.close();
    await b?.close();
  });

  it('finds a person by name in another order and date of birth, shows source and load, and exports CSV', async () => {
    await page.goto(`${b.baseUrl}/access/subject-access`);
    await page.getByLabel('Full name').fill('margaret o’brien');
    await page.getByLabel('Date of birth').fill('01/02/1950');
    await page.getByRole('button', { name: 'Search' }).click();
    const results = page.getByTestId('subject-results');
    await results.getByRole('heading', { name: '1 record found in 1 dataset' }).waitFor();
    const dataset = results.getByTestId(`subject-dataset-${SLUG}`);
    await dataset.getByText('wcc-subject.csv, row 1').waitFor();
    await dataset.getByText('WS-1').waitFor();
    expect(await dataset.getByText('WS-2').count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'subject-access-results');
    const [file] = await Promise.all([page.waitForEvent('download'), results.getByRole('button', { name: 'Download as CSV' }).click()]);
    const csv = (await downloadedBytes(file)).toString('utf8');
    expect(csv).toMatch(/Case reference,WS-1/);
    expect(csv).not.toMatch(/WS-2/);
  });

  it('erases the record only after a confirmation with a reason', async () => {
    const dataset = page.getByTestId(`subject-dataset-${SLUG}`);
    await dataset.getByLabel(/Erase row 1 of wcc-subject.csv/).check();
    await dataset.getByRole('button', { name: /Erase selected records/ }).click();
    const confirm = page.getByTestId(`erase-confirm-${SLUG}`);
    await confirm.getByText(/cannot be undone/).waitFor();
    await confirm.getByRole('button', { name: 'Erase 1 record' }).click();
    await confirm.getByText(/Give the reason for the erasure/).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'subject-access-erase-confirmation');
    await confirm.getByLabel('Reason for the erasure').fill('SAR-2026-14: erasure request upheld');
    await confirm.getByRole('button', { name: 'Erase 1 record' }).click();
    await page.getByTestId('subject-erased').getByText(/Erased 1 record from Subject test cases/).waitFor();
    await page.getByTestId('subject-results').getByRole('heading', { name: 'No records found' }).waitFor();
  });

  it('lets the data owner set a retention period and see what goes next', async () => {
    await page.goto(`${b.baseUrl}/access/retention`);
    const form = page.getByTestId(`retention-form-${SLUG}`);
    await form.getByLabel(/months to keep each row/).fill('zero');
    await form.getByRole('button', { name: /Save/ }).click();
    await form.getByText(/Enter a whole number of months/).waitFor();
    await form.getByLabel(/months to keep each row/).fill('24');
    await form.getByRole('button', { name: /Save/ }).click();
    await form.getByText(/Saved\./).waitFor();
    const row = page.getByTestId(`retention-${SLUG}`);
    await row.getByText('24 months').waitFor();
    await row.getByText(/0 rows/).first().waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'retention-settings');
  });
});
