import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { type BrowserHub, chromiumAvailable, screenshot, startBrowserHub } from './support/browser-hub.js';
import { capture, fillDate, isFocused, open, settled, signInAs, tableRows, tabTo } from './support/page-helpers.js';
import { badStreetLines, streetCsv, streetRows } from './support/police-csv.js';

// Callbacks given to page.evaluate run in the browser; the root tsconfig has no DOM types.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const window: any;
declare const document: any;

const suite = chromiumAvailable ? describe : describe.skip;

const OPERATOR = 'operator@demo.csp-hub.test';
const POLICE = 'Hampshire and Isle of Wight Constabulary';
/** Feeds and datasets are named with their owner wherever they are listed or chosen. */
const FEED_TITLE = `police.uk street-level crime and ASB (monthly files) — ${POLICE}`;
const DATASET_NAME = 'Police recorded crime and ASB (street level)';
const DATASET_TITLE = `${DATASET_NAME} — ${POLICE}`;

/** January: every row fits. */
const JANUARY = streetRows('2026-01', {
  winchester: { 'Anti-social behaviour': 12, 'Criminal damage and arson': 5 },
  portsmouth: { 'Anti-social behaviour': 9, Shoplifting: 4 },
});
/** February: rows that fit, and three that do not. */
const FEBRUARY = streetRows('2026-02', {
  winchester: { 'Anti-social behaviour': 7 },
  gosport: { 'Public order': 6, 'Vehicle crime': 3 },
});

suite('browser client: an operator loads files, reads the rejects and rolls a load back', () => {
  let b: BrowserHub;
  let operator: Page;
  let watcher: Page;

  beforeAll(async () => {
    b = await startBrowserHub({ DEMO_DATA: 'false' });
    operator = await b.newPage();
    watcher = await b.newPage();
  }, 120_000);
  afterAll(async () => {
    await operator?.close();
    await watcher?.close();
    await b?.close();
  });

  /** Waits for the load on this page to settle; its status sentence, and any error it shows. */
  async function outcome(page: Page): Promise<string> {
    await page.waitForFunction(
      () => {
        const tag = document.querySelector('[data-testid="load-status"] .govuk-tag')?.textContent;
        return Boolean(tag) && tag !== 'queued' && tag !== 'running';
      },
      undefined,
      { timeout: 30_000 },
    );
    const errors = await page.locator('main .govuk-error-summary').allInnerTexts();
    return [await page.getByTestId('load-status').innerText(), ...errors].join(' ').replace(/\s+/g, ' ').trim();
  }

  /** The loads list row for a file, in a tab. */
  const loadRow = (page: Page, file: string) => page.getByTestId('loads').locator('tr', { hasText: file });

  async function catalogueRows(page: Page): Promise<string> {
    await open(page, b.baseUrl, '/catalogue');
    const row = page.locator('tr', { hasText: DATASET_NAME });
    return (await row.locator('td').nth(4).innerText()).trim();
  }

  it('uploads a file with progress, and the loads list (open in another tab) updates by itself', async () => {
    await signInAs(operator, b.baseUrl, OPERATOR);
    await operator.locator('#navigation').getByRole('link', { name: 'Loads' }).click();
    await settled(operator);
    await operator.getByText('No files have been loaded yet.').waitFor();
    await capture(operator, 'loads-01-empty');

    // A second tab watches the list; it must update without being reloaded.
    await signInAs(watcher, b.baseUrl, OPERATOR);
    await open(watcher, b.baseUrl, '/loads');
    await watcher.evaluate(() => (window.__notReloaded = true));

    // Pick the feed from the feeds table; the upload form opens with it chosen.
    await operator.getByRole('link', { name: `Upload a file to ${FEED_TITLE}` }).click();
    await operator.getByRole('heading', { name: 'Upload a file' }).waitFor();
    await expect(operator.getByLabel('Feed').inputValue()).resolves.toBe('police-uk-street');
    await operator.getByText(`Fills ${DATASET_TITLE} from files in the police.uk street-level CSV format.`).waitFor();

    // Sending nothing explains what is missing.
    await operator.getByRole('button', { name: 'Upload and load' }).click();
    await operator.locator('.govuk-error-summary').getByText('Select a file to upload').waitFor();
    await operator.waitForFunction(() => document.title === 'Error: Upload a file – csp-hub');
    await capture(operator, 'loads-02-upload-errors');

    const csv = streetCsv(JANUARY);
    await operator.getByLabel('File', { exact: true }).setInputFiles({ name: '2026-01-hampshire-street.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await capture(operator, 'loads-03-upload-ready');
    // A slow line, so the progress of the upload itself can be seen.
    const cdp = await b.context.newCDPSession(operator);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 1024 });
    await operator.getByRole('button', { name: 'Upload and load' }).click();
    const progress = operator.getByTestId('upload-progress');
    await progress.getByText(/Uploading 2026-01-hampshire-street\.csv/).waitFor();
    await progress.getByText(/[1-9]\d*% sent/).waitFor();
    await screenshot(operator, 'loads-04-upload-progress');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await cdp.detach();

    // The load's page follows it to the end.
    await operator.waitForURL(/\/loads\/[0-9a-f-]{36}\?uploaded=1$/);
    expect(await outcome(operator)).toBe('succeeded Loaded: every row fitted.');
    const summary = await operator.getByTestId('load-summary').innerText();
    expect(summary).toMatch(new RegExp(`Rows read\\s+${JANUARY.length}\\b`));
    expect(summary).toMatch(new RegExp(`Rows loaded\\s+${JANUARY.length}\\b`));
    expect(summary).toMatch(/Rows rejected\s+0\b/);
    await capture(operator, 'loads-05-load-succeeded');

    // The other tab saw the new load arrive and finish, with no reload.
    await loadRow(watcher, '2026-01-hampshire-street.csv').and(watcher.locator('[data-status="succeeded"]')).waitFor({ timeout: 30_000 });
    await expect(watcher.evaluate(() => window.__notReloaded)).resolves.toBe(true);
    const cells = await loadRow(watcher, '2026-01-hampshire-street.csv').locator('td').allInnerTexts();
    expect(cells.slice(1, 6).map((c) => c.trim())).toEqual([FEED_TITLE, 'succeeded', `${JANUARY.length}`, `${JANUARY.length}`, '0']);
    await capture(watcher, 'loads-06-list-live');
    expect(await catalogueRows(operator)).toBe(`${JANUARY.length}`);
  });

  it('shows the rows a file could not load, with why, and rolls the load back after a confirmation, by keyboard', async () => {
    await open(operator, b.baseUrl, '/loads/upload');
    await operator.getByLabel('Feed').selectOption({ label: FEED_TITLE });
    const csv = streetCsv(FEBRUARY, badStreetLines('2026-02'));
    await operator.getByLabel('File', { exact: true }).setInputFiles({ name: '2026-02-hampshire-street.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await operator.getByRole('button', { name: 'Upload and load' }).click();
    expect(await outcome(operator)).toBe('succeeded Loaded, with 3 rows set aside.');
    const summary = await operator.getByTestId('load-summary').innerText();
    expect(summary).toMatch(new RegExp(`Rows read\\s+${FEBRUARY.length + 3}\\b`));
    expect(summary).toMatch(new RegExp(`Rows loaded\\s+${FEBRUARY.length}\\b`));
    expect(summary).toMatch(/Rows rejected\s+3\b/);

    // The rejected rows, each with its reason and the values read.
    const rejects = operator.getByRole('region', { name: 'Rejected rows from 2026-02-hampshire-street.csv' });
    await rejects.getByTestId('rejects-table').waitFor();
    const rows = await tableRows(rejects.getByTestId('rejects-table'));
    const first = FEBRUARY.length + 1;
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(new RegExp(`^${first} \\| Month "13/2024" is not a month written YYYY-MM \\| Month13/2024`));
    expect(rows[1]).toMatch(new RegExp(`^${first + 1} \\| Crime type is empty \\| Crime type\\(empty\\)`));
    expect(rows[2]).toMatch(new RegExp(`^${first + 2} \\| Longitude "west" is not a number \\| Longitudewest`));
    expect(rows[2]).toContain('LSOA nameWinchester 010C');
    await operator.getByTestId('rejects-download').waitFor();
    await capture(operator, 'loads-07-rejects');
    expect(await catalogueRows(operator)).toBe(`${JANUARY.length + FEBRUARY.length}`);

    // Back to the load, then keyboard only: the rollback button, the confirmation page, its "No", then its "Yes".
    await operator.goBack();
    await operator.getByTestId('load-status').getByText('succeeded').waitFor();
    const rollBack = operator.getByRole('button', { name: 'Roll back this load' });
    await tabTo(operator, rollBack);
    await operator.keyboard.press('Enter');
    await operator.getByRole('heading', { name: 'Are you sure you want to roll back 2026-02-hampshire-street.csv?' }).waitFor();
    await expect(operator.locator('main').innerText()).resolves.toContain(`The ${FEBRUARY.length} rows this load added to`);
    await capture(operator, 'loads-08-rollback-confirm');
    const no = operator.getByRole('link', { name: 'No, keep it' });
    await tabTo(operator, no);
    await operator.keyboard.press('Enter');
    await rollBack.waitFor();
    await tabTo(operator, rollBack);
    await operator.keyboard.press('Enter');
    const yes = operator.getByRole('button', { name: 'Yes, roll back this load' });
    // Let the confirmation page settle (the app moves focus to the new page) before tabbing.
    await operator.getByRole('heading', { name: 'Are you sure you want to roll back 2026-02-hampshire-street.csv?' }).waitFor();
    await yes.waitFor();
    await operator.waitForFunction(() => document.activeElement?.id === 'main-content' || document.activeElement === document.body);
    await tabTo(operator, yes);
    expect(await isFocused(yes)).toBe(true);
    await operator.keyboard.press('Enter');

    await operator.getByTestId('rolled-back-banner').waitFor();
    await expect(operator.getByTestId('rolled-back-banner').innerText()).resolves.toContain(`The ${FEBRUARY.length} rows from 2026-02-hampshire-street.csv have been removed`);
    await expect(operator.getByTestId('load-status').innerText()).resolves.toMatch(/rolled back/);
    await expect(rollBack.count()).resolves.toBe(0);
    await capture(operator, 'loads-09-rolled-back');

    // The list says so, and the dataset holds January's rows only.
    await open(operator, b.baseUrl, '/loads');
    await loadRow(operator, '2026-02-hampshire-street.csv').and(operator.locator('[data-status="rolled_back"]')).waitFor();
    expect(await catalogueRows(operator)).toBe(`${JANUARY.length}`);
  });
  it('previews a republished month before publishing, publishes what it showed, gives the rejects their own address, and filters the history', async () => {
    // January again, smaller, with a March row that does not belong in a file named for January, and one bad row.
    const republished = [...streetRows('2026-01', { winchester: { 'Anti-social behaviour': 10 } }), ...streetRows('2026-03', { gosport: { Drugs: 2 } })];
    await open(operator, b.baseUrl, '/loads/upload');
    await operator.getByLabel('Feed').selectOption({ label: FEED_TITLE });
    // The first January file again, under another name: flagged before anything is sent.
    await operator.getByLabel('File', { exact: true }).setInputFiles({ name: 'january-again.csv', mimeType: 'text/csv', buffer: Buffer.from(streetCsv(JANUARY)) });
    await operator.getByTestId('already-loaded').getByRole('link', { name: '2026-01-hampshire-street.csv' }).waitFor();
    await operator.getByLabel('File', { exact: true }).setInputFiles({ name: '2026-01-hampshire-street.csv', mimeType: 'text/csv', buffer: Buffer.from(streetCsv(republished, badStreetLines('2026-01').slice(1, 2))) });
    await operator.getByTestId('already-loaded').waitFor({ state: 'detached' });
    await operator.getByLabel('Show me what will change before publishing').check();
    await operator.getByRole('button', { name: 'Upload and load' }).click();
    expect(await outcome(operator)).toBe('awaiting confirmation Checked and counted; nothing is published until you publish it.');
    await expect(operator.getByTestId('coverage').getByRole('heading', { level: 2 }).innerText()).resolves.toBe('What publishing will change');
    expect(await tableRows(operator.getByTestId('coverage-months'))).toEqual([`January 2026 | 10 | ${JANUARY.length} | −${JANUARY.length - 10}`, 'March 2026 | 2 | 0 | +2']);
    expect(await tableRows(operator.getByTestId('coverage-areas'))).toEqual(['Winchester | 10', 'Gosport | 2']);
    await expect(operator.getByTestId('month-mismatch').innerText()).resolves.toContain('The file’s name says January 2026, but it holds rows for March 2026.');
    await expect(operator.getByTestId('preview-reasons').innerText()).resolves.toContain('Crime type is empty');
    await capture(operator, 'loads-10-preview');
    // Nothing published yet.
    expect(await catalogueRows(operator)).toBe(`${JANUARY.length}`);
    await operator.goBack();

    await operator.getByRole('button', { name: 'Publish this load' }).click();
    await operator.getByTestId('preview-banner').waitFor();
    expect(await outcome(operator)).toBe('succeeded Loaded, with 1 row set aside.');
    await expect(operator.getByTestId('coverage').getByRole('heading', { level: 2 }).innerText()).resolves.toBe('What this load changed');
    expect(await tableRows(operator.getByTestId('coverage-months'))).toEqual([`January 2026 | 10 | ${JANUARY.length} | −${JANUARY.length - 10}`, 'March 2026 | 2 | 0 | +2']);
    expect(await catalogueRows(operator)).toBe('12');
    await operator.goBack();

    // The rejected rows have an address of their own, which survives a reload (a bookmark).
    await operator.getByRole('link', { name: 'See the rejected rows on a page of their own' }).click();
    await operator.waitForURL(/\/loads\/[0-9a-f-]{36}\/rejects$/);
    await operator.reload();
    await operator.getByRole('heading', { name: 'Rejected rows', level: 1 }).waitFor();
    await operator.getByTestId('rejects-table').waitFor();
    expect(await tableRows(operator.getByTestId('rejects-table'))).toEqual([expect.stringMatching(/^13 \| Crime type is empty \|/)]);
    await capture(operator, 'loads-11-rejects-page');

    // The history: succeeded loads sent today; then a day with none.
    await open(operator, b.baseUrl, '/loads');
    await operator.getByLabel('Status').selectOption('succeeded');
    const today = new Date().toISOString().slice(0, 10);
    await fillDate(operator, 'Sent from', today);
    await operator.getByRole('button', { name: 'Apply filters' }).click();
    await operator.waitForURL((u) => u.searchParams.get('status') === 'succeeded' && u.searchParams.get('from') === today);
    await operator.getByTestId('loads-count').filter({ hasText: '2 loads match.' }).waitFor();
    expect((await tableRows(operator.getByTestId('loads'))).every((r) => r.includes('succeeded'))).toBe(true);
    await capture(operator, 'loads-12-history-filtered');
    await fillDate(operator, 'Sent to', '2020-01-01');
    await operator.getByRole('button', { name: 'Apply filters' }).click();
    await operator.locator('.govuk-error-summary').getByText('The “to” date must be the same as or after the “from” date').waitFor();

    // The feed can ask for a check of every load; the upload form then always previews.
    await open(operator, b.baseUrl, '/loads');
    await operator.getByRole('button', { name: `Check every load first for ${FEED_TITLE}` }).click();
    await operator.getByTestId('preview-setting-police-uk-street').filter({ hasText: 'Every load waits for a check' }).waitFor();
    await open(operator, b.baseUrl, '/loads/upload?feed=police-uk-street');
    const always = operator.getByLabel('Show me what will change before publishing');
    await always.waitFor();
    expect([await always.isChecked(), await always.isDisabled()]).toEqual([true, true]);
  });

  it('sets when a feed is expected, and the feeds table shows it with whether it is overdue', async () => {
    await open(operator, b.baseUrl, '/loads');
    await operator.getByTestId('expected-police-uk-street').filter({ hasText: 'Not expected on a schedule' }).waitFor();
    await operator.getByRole('link', { name: `Change when expected for ${FEED_TITLE}` }).click();
    await operator.getByRole('heading', { name: 'When is this feed expected?', level: 1 }).waitFor();
    await operator.getByLabel('Every month').check();
    await operator.getByLabel('By day of the month').selectOption('5');
    await operator.getByRole('button', { name: 'Save' }).click();
    await operator.getByTestId('expected-delivery-saved').filter({ hasText: 'Saved: expected by day 5 of each month.' }).waitFor();
    await capture(operator, 'loads-13-expected-delivery');
    await operator.getByRole('link', { name: 'Back to loads' }).click();
    // Files were published today, so this month's delivery has arrived.
    await operator.getByTestId('expected-police-uk-street').filter({ hasText: 'Monthly, by day 5 of each month' }).filter({ hasText: 'On time' }).waitFor();
  });
});
