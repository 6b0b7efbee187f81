import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { freePort, startTestIdp, type TestIdp } from '../support/oidc-test-provider.js';
import { type BrowserHub, chromiumAvailable, CHROMIUM, screenshot, seriousA11yViolations, signIn, startBrowserHub } from './support/browser-hub.js';

if (!chromiumAvailable) console.warn(`Skipping browser tests: no Chromium at ${CHROMIUM} (run scripts/install-chromium.sh).`);
const suite = chromiumAvailable ? describe : describe.skip;

// The whole redirect flow in headless Chromium: the hub's sign-in page, the organisation's own
// provider (a real oidc-provider on another loopback port) and back into the hub, signed in.
suite('browser client: sign in with the organisation’s own account', () => {
  let b: BrowserHub;
  let idp: TestIdp;
  let page: Page;
  const PASSWORD = 'provider-password';

  beforeAll(async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    idp = await startTestIdp({
      name: 'Winchester staff sign-in',
      redirectUris: [`${base}/api/auth/sso/callback`],
      postLogoutRedirectUris: [`${base}/sign-in`],
      // Wendy is the demo analyst at Winchester: her organisation account has the same email.
      users: [{ username: 'wendy', password: PASSWORD, email: 'analyst.winchester@demo.csp-hub.test', name: 'Wendy Analyst' }],
    });
    b = await startBrowserHub({ PUBLIC_URL: base }, { port });
  }, 120_000);
  beforeEach(async () => {
    page = await b.newPage();
  });
  afterEach(async () => {
    await page.close();
  });
  afterAll(async () => {
    await b?.close();
    await idp?.close();
  });

  async function expectAccessible(name: string) {
    expect({ page: name, violations: await seriousA11yViolations(page) }).toEqual({ page: name, violations: [] });
  }

  it('lets an administrator set up Winchester’s provider and test the connection', async () => {
    await signIn(page, b.baseUrl, 'admin@demo.csp-hub.test');
    await page.getByTestId('header-user').waitFor();
    await page.goto(`${b.baseUrl}/admin/organisations`);
    await page.getByRole('link', { name: 'Sign-in settings for Winchester City Council' }).click();
    await page.getByRole('heading', { name: 'Sign-in settings' }).waitFor();
    await expect(page.getByTestId('redirect-uri').innerText()).resolves.toBe(`${b.baseUrl}/api/auth/sso/callback`);

    await page.getByLabel('Let people sign in with Winchester City Council’s own accounts').check();
    await page.getByLabel('Issuer (discovery) URL').fill(idp.issuer);
    await page.getByLabel('Client id').fill(idp.clientId);
    await page.getByLabel('Client secret', { exact: true }).fill(idp.clientSecret);
    await page.getByLabel('Allowed email domains').fill('demo.csp-hub.test');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Sign-in settings saved.').waitFor();
    await expect(page.getByLabel('Client secret', { exact: true }).inputValue()).resolves.toBe('');
    await expect(page.getByText('A secret is stored and is never shown').count()).resolves.toBe(1);

    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByTestId('connection-check').getByText('The provider answered').waitFor();
    await screenshot(page, 'sso-01-provider-settings');
    await expectAccessible('provider settings');
  });

  it('signs Wendy in through the provider’s login page and back, then offers the provider’s sign-out', async () => {
    await page.goto(`${b.baseUrl}/`);
    await page.getByRole('button', { name: 'Sign in with Winchester City Council' }).waitFor();
    await screenshot(page, 'sso-00-sign-in-page');
    await expectAccessible('sign-in with organisations');
    await page.getByRole('button', { name: 'Sign in with Winchester City Council' }).click();

    await page.getByRole('heading', { name: 'Sign in to Winchester staff sign-in' }).waitFor();
    expect(new URL(page.url()).origin).toBe(idp.issuer);
    await page.getByLabel('Username').fill('wendy');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByTestId('header-user').getByText('Wendy Analyst').waitFor();
    expect(new URL(page.url()).origin).toBe(b.baseUrl);
    expect(new URL(page.url()).pathname).toBe('/explore');
    await screenshot(page, 'sso-02-signed-in');

    await page.getByRole('button', { name: 'Sign out' }).first().click();
    await page.getByTestId('sign-in-notice').waitFor();
    await page.getByRole('link', { name: 'Sign out of Winchester City Council’s account too' }).click();
    await page.getByText('Sign out of the test identity provider too?').waitFor();
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    // The provider sends the browser back to the hub's sign-in page, signed out at both.
    await page.getByRole('heading', { name: 'Sign in to csp-hub' }).waitFor();
    expect(new URL(page.url()).origin).toBe(b.baseUrl);
  });

  it('finds the organisation from a work email (email-first) and passes the address on to the provider', async () => {
    await page.goto(`${b.baseUrl}/`);
    await page.getByLabel('Or enter your work email to find your organisation').fill('analyst.winchester@demo.csp-hub.test');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Sign in to Winchester staff sign-in' }).waitFor();
    await expect(page.getByLabel('Username').inputValue()).resolves.toBe('analyst.winchester@demo.csp-hub.test');
  });

  it('shows the unavailable page when the organisation’s provider is down', async () => {
    const admin = await b.hub.login('admin@demo.csp-hub.test');
    await b.hub
      .http()
      .put('/api/organisations/portsmouth/identity-provider')
      .auth(admin, { type: 'bearer' })
      .send({ enabled: true, issuer: `http://127.0.0.1:${await freePort()}`, clientId: 'csp-hub', clientSecret: 'secret', clientAuth: 'client_secret_basic', allowedDomains: ['portsmouth.gov.uk'], roleMapping: 'hub', autoCreate: false, localPasswords: true })
      .expect(200);
    await page.goto(`${b.baseUrl}/`);
    await page.getByRole('button', { name: 'Sign in with Portsmouth City Council' }).click();
    await page.getByRole('heading', { name: 'Your organisation’s sign-in is unavailable' }).waitFor();
    await expect(page.getByTestId('sso-unavailable').innerText()).resolves.toMatch(/the reason has been recorded/);
    await screenshot(page, 'sso-03-unavailable');
    await expectAccessible('sign-in unavailable');
  });
});
