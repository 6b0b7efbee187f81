import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { type BrowserHub, chromiumAvailable, startBrowserHub } from './support/browser-hub.js';
import { capture, open, settled, signInAs } from './support/page-helpers.js';

const suite = chromiumAvailable ? describe : describe.skip;
const OWNER = 'owner.police@demo.csp-hub.test';

suite('browser client: a data owner makes API tokens, sees each secret once and revokes one', () => {
  let b: BrowserHub;
  let page: Page;

  beforeAll(async () => {
    b = await startBrowserHub({ DEMO_DATA: 'false' });
    page = await b.newPage();
  }, 120_000);
  afterAll(async () => {
    await page?.close();
    await b?.close();
  });

  it('shows the secret and a curl example once; the token works until it is revoked', async () => {
    await signInAs(page, b.baseUrl, OWNER);
    await open(page, b.baseUrl, '/access/tokens');
    await page.getByText('There are no API tokens yet.').waitFor();
    await capture(page, 'api-tokens-01-empty');

    const form = page.getByTestId('create-token');
    await form.getByLabel('Name').fill('Nightly police.uk import');
    await form.getByLabel('Upload files to one feed').check();
    await form.getByLabel('Feed', { exact: true }).selectOption('police-uk-street');
    await form.getByRole('button', { name: 'Create token' }).click();

    const secret = (await page.getByTestId('token-secret').innerText()).trim();
    expect(secret).toMatch(/^csph_[A-Za-z0-9_-]{43}$/);
    const example = await page.getByTestId('curl-example').innerText();
    expect(example).toContain(`export CSP_HUB_TOKEN='${secret}'`);
    expect(example).toContain('Authorization: Bearer $CSP_HUB_TOKEN');
    expect(example).toContain(`${b.baseUrl}/api/feeds/police-uk-street/loads`);
    await capture(page, 'api-tokens-02-created');
    await b.hub.http().get('/api/loads').set('Authorization', `Bearer ${secret}`).expect(200);

    await page.getByRole('button', { name: 'I have stored it' }).click();
    await open(page, b.baseUrl, '/access/tokens');
    const row = page.getByTestId('api-tokens').locator('tr', { hasText: 'Nightly police.uk import' });
    await expect(row.innerText()).resolves.toMatch(/Feed upload[\s\S]*police-uk-street[\s\S]*active/);
    expect(await page.content()).not.toContain(secret);

    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: /Revoke/ }).click();
    await row.locator('.govuk-tag', { hasText: 'revoked' }).waitFor();
    await settled(page);
    const refused = await b.hub.http().get('/api/loads').set('Authorization', `Bearer ${secret}`);
    expect([refused.status, refused.body.error.code]).toEqual([401, 'token_revoked']);

    // A BI tool's token: counts only unless the owner chooses more.
    await form.getByLabel('Name').fill('Force BI dashboard');
    await form.getByLabel('Ask read-only questions of one dataset').check();
    await form.getByLabel('Dataset', { exact: true }).selectOption({ index: 1 });
    await expect(form.getByLabel('Counts only').isChecked()).resolves.toBe(true);
    await capture(page, 'api-tokens-03-query-form');
    await form.getByRole('button', { name: 'Create token' }).click();
    await page.getByTestId('token-secret').waitFor();
    await page.getByTestId('api-tokens').locator('tr', { hasText: 'Force BI dashboard' }).getByText('Dataset query (counts only)').waitFor();
  });
});
