import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { createAgreement, createPoliceIncidents, INCIDENTS, isoDateIn } from './support/access-setup.js';
import { type BrowserHub, chromiumAvailable, screenshot, startBrowserHub } from './support/browser-hub.js';
import { capture, expectAccessible, fillDate, isFocused, open, settled, signInAs, tableRows, tabTo } from './support/page-helpers.js';

const suite = chromiumAvailable ? describe : describe.skip;

const ANALYST = 'analyst.winchester@demo.csp-hub.test';
// Evaluated in the page, where the DOM exists.
declare const document: { querySelectorAll: (s: string) => Iterable<{ textContent: string | null }> };

const OTHER_ANALYST = 'analyst.portsmouth@demo.csp-hub.test';
const OWNER = 'owner.police@demo.csp-hub.test';
const IMB = 'imb@demo.csp-hub.test';
const TITLE = 'Police ASB incidents (victim level)';
/** How every list names the dataset: its title and its owner. */
const LABEL = `${TITLE} — Hampshire and Isle of Wight Constabulary`;

suite('browser client: requesting, approving and refusing access', () => {
  let b: BrowserHub;
  let slug: string;
  let agreement: { id: string; title: string };
  const pages: Page[] = [];
  /** A tab signed in as `email` (the session is per tab, so several people can be signed in at once). */
  async function tabFor(email: string): Promise<Page> {
    const page = await b.newPage();
    pages.push(page);
    await signInAs(page, b.baseUrl, email);
    return page;
  }

  beforeAll(async () => {
    b = await startBrowserHub({ DEMO_DATA: 'false' });
    slug = (await createPoliceIncidents(b.hub, TITLE)).slug;
    agreement = await createAgreement(b.hub, 'ASB problem-solving agreement (browser test)', [slug]);
  }, 120_000);
  afterAll(async () => {
    for (const p of pages) await p.close();
    await b?.close();
  });

  /** The approval card for a request on the test dataset from `requester`. */
  const cardFor = (page: Page, requester: string) => page.getByTestId('request-to-decide').filter({ hasText: requester }).filter({ hasText: TITLE });

  it('an analyst asks from the catalogue; the data owner and then the IMB approve; the analyst sees the rows', async () => {
    const analyst = await tabFor(ANALYST);
    await analyst.locator('#navigation').getByRole('link', { name: 'Catalogue' }).click();
    await settled(analyst);
    const row = analyst.locator('tr', { hasText: TITLE });
    await expect(row.locator('.govuk-tag').innerText()).resolves.toBe('none');
    await screenshot(analyst, 'access-01-catalogue');
    await row.getByRole('link', { name: `Request access to ${TITLE}` }).click();
    await analyst.getByRole('heading', { name: 'Request access to a dataset' }).waitFor();
    await expect(analyst.getByLabel('Dataset').inputValue()).resolves.toBe(slug);

    await analyst.getByLabel('Record (rows, no personal data)').check();
    await analyst.getByLabel('Winchester').check();
    await analyst.getByLabel('What do you need the data for?').fill('Problem-solving ASB hotspots in Winchester town centre with the CSP');
    await analyst.getByLabel('Information sharing agreement').selectOption(agreement.id);
    await fillDate(analyst, 'Access until', isoDateIn(180));
    await capture(analyst, 'access-02-request-form-filled');
    await analyst.getByRole('button', { name: 'Send request' }).click();

    await analyst.getByRole('heading', { name: 'Request sent' }).waitFor();
    await analyst.getByText('Both the data owner and the IMB must approve it.').waitFor();
    await capture(analyst, 'access-03-request-sent');
    await analyst.getByRole('link', { name: 'See your requests' }).click();
    const mine = analyst.getByTestId('my-requests').locator('tr', { hasText: TITLE });
    await expect(mine.innerText()).resolves.toMatch(/pending[\s\S]*Waiting for: the data owner and the IMB/i);
    await capture(analyst, 'access-04-my-requests-pending');

    // The police data owner approves first: one of the two approvals.
    const owner = await tabFor(OWNER);
    await open(owner, b.baseUrl, '/access/approvals');
    const ownerCard = cardFor(owner, ANALYST);
    await expect(ownerCard.locator('h2').innerText()).resolves.toBe(`Wendy Analyst (Winchester City Council) asks for record access to ${LABEL}`);
    await expect(ownerCard.innerText()).resolves.toContain('Both the data owner and the IMB');
    await capture(owner, 'access-05-approvals-owner');
    await ownerCard.getByLabel('Note for the requester').fill('Approved for the Winchester hotspot work');
    await ownerCard.getByRole('button', { name: `Approve the request from ${ANALYST}` }).click();
    await expect(owner.getByTestId('decision-banner').innerText()).resolves.toMatch(/It still needs the IMB/);
    await cardFor(owner, ANALYST).waitFor({ state: 'detached' });

    // One approval is not enough for OFFICIAL-SENSITIVE data.
    await analyst.reload();
    await settled(analyst);
    await expect(analyst.getByTestId('my-requests').locator('tr', { hasText: TITLE }).innerText()).resolves.toMatch(/Waiting for: the IMB/);
    expect(await analyst.getByTestId('my-grants').locator('tr', { hasText: TITLE }).count()).toBe(0);

    // The IMB sees the owner's approval and gives the second.
    const imb = await tabFor(IMB);
    await open(imb, b.baseUrl, '/access/approvals');
    const imbCard = cardFor(imb, ANALYST);
    await expect(imbCard.innerText()).resolves.toContain(`Approved by ${OWNER} (the data owner): “Approved for the Winchester hotspot work”`);
    await imbCard.getByLabel('Note for the requester').fill('Covered by the agreement; review at the end date');
    await imbCard.getByRole('button', { name: `Approve the request from ${ANALYST}` }).click();
    await expect(imb.getByTestId('decision-banner').innerText()).resolves.toMatch(/Their access starts now/);
    await capture(imb, 'access-06-approved-by-imb');
    // The IMB sees what it decided, with no error on the page, the dataset named with its owner.
    const decided = imb.getByTestId('decided-requests').locator('tr', { hasText: LABEL });
    await expect(decided.innerText()).resolves.toMatch(/approved/i);
    expect(await imb.locator('.govuk-error-summary').count()).toBe(0);
    await expectAccessible(imb, 'IMB approvals with recent decisions');

    // The analyst now holds record access for Winchester, and Explore answers with the rows' counts.
    await analyst.reload();
    await settled(analyst);
    const grant = analyst.getByTestId('my-grants').locator('tr', { hasText: TITLE });
    await expect(grant.innerText()).resolves.toMatch(/record[\s\S]*Winchester/);
    await expect(analyst.getByTestId('my-requests').locator('tr', { hasText: TITLE }).innerText()).resolves.toMatch(/approved/i);
    await capture(analyst, 'access-07-my-access-granted');

    await open(analyst, b.baseUrl, `/explore?dataset=${slug}&chart=bar&by=category`);
    const chart = analyst.getByTestId('chart');
    await chart.locator('svg[role="img"]').waitFor();
    const byCategory = await tableRows(chart.locator('table'));
    expect(byCategory.sort()).toEqual(Object.entries(INCIDENTS.winchester).map(([category, n]) => `${category} | ${n}`).sort());
    await open(analyst, b.baseUrl, `/explore?dataset=${slug}&chart=bar&by=district`);
    await chart.locator('svg[role="img"]').waitFor();
    const winchesterTotal = Object.values(INCIDENTS.winchester).reduce((a, n) => a + n, 0);
    // Only the areas granted: Portsmouth's rows stay with the police.
    expect(await tableRows(chart.locator('table'))).toEqual([`Winchester | ${winchesterTotal}`]);
    await screenshot(analyst, 'access-08-explore-after-grant');

    // The data owner sees who used the dataset, and how.
    await open(owner, b.baseUrl, `/access/usage?dataset=${slug}`);
    const use = owner.getByTestId('usage-summary').locator('tr', { hasText: ANALYST }).filter({ hasText: 'Asked a question' });
    await expect(use.innerText()).resolves.toContain('Winchester City Council');
    await capture(owner, 'access-13-owner-usage');
  });

  it('a request made by keyboard alone is refused, and the requester sees why', async () => {
    const analyst = await tabFor(OTHER_ANALYST);
    await open(analyst, b.baseUrl, '/catalogue');
    const link = analyst.getByRole('link', { name: `Request access to ${TITLE}` });
    await link.focus();
    await analyst.keyboard.press('Enter');
    await analyst.getByRole('heading', { name: 'Request access to a dataset' }).waitFor();

    // Sending it empty but for the dataset: the error summary takes the focus and links to each field.
    const send = analyst.getByRole('button', { name: 'Send request' });
    await tabTo(analyst, send);
    await analyst.keyboard.press('Enter');
    const summary = analyst.locator('.govuk-error-summary');
    await summary.getByText('Select the level of access you need').waitFor();
    expect(await isFocused(summary)).toBe(true);
    await analyst.waitForFunction(() => (globalThis as unknown as { document: { title: string } }).document.title === 'Error: Request access – csp-hub');
    await capture(analyst, 'access-09-request-form-errors');
    await analyst.keyboard.press('Tab');
    await analyst.keyboard.press('Enter');
    expect(await isFocused(analyst.locator('#request-level-aggregate'))).toBe(true);

    // Level: arrow keys move through the radios.
    await analyst.keyboard.press('ArrowDown');
    expect(await analyst.locator('#request-level-record').isChecked()).toBe(true);
    await analyst.keyboard.press('ArrowUp');
    expect(await analyst.locator('#request-level-aggregate').isChecked()).toBe(true);
    // Areas: all of them.
    await tabTo(analyst, analyst.locator('#request-area-all'));
    await analyst.keyboard.press('Space');
    await tabTo(analyst, analyst.locator('#request-purpose'));
    await analyst.keyboard.type('Partnership-wide ASB trends for the Portsmouth CSP');
    await analyst.keyboard.press('Tab');
    expect(await isFocused(analyst.locator('#request-agreement'))).toBe(true);
    await analyst.keyboard.press('ArrowDown');
    await expect(analyst.locator('#request-agreement').inputValue()).resolves.toBe(agreement.id);
    await analyst.keyboard.press('Tab');
    expect(await isFocused(analyst.locator('#request-until-day'))).toBe(true);
    const [y, m, d] = isoDateIn(90).split('-');
    for (const part of [d, m, y]) {
      await analyst.keyboard.type(part);
      await analyst.keyboard.press('Tab');
    }
    await tabTo(analyst, send);
    await analyst.keyboard.press('Enter');
    await analyst.getByRole('heading', { name: 'Request sent' }).waitFor();

    // The police data owner refuses, with a reason.
    const owner = await tabFor(OWNER);
    await open(owner, b.baseUrl, '/access/approvals');
    const card = cardFor(owner, OTHER_ANALYST);
    await card.getByRole('button', { name: `Refuse the request from ${OTHER_ANALYST}` }).click();
    await card.getByText('Say why you refuse, in at least 3 characters').first().waitFor();
    await capture(owner, 'access-10-refuse-needs-reason');
    const reason = 'Portsmouth already receives these counts through the monthly CSP pack';
    await card.getByLabel('Note for the requester').fill(reason);
    await card.getByRole('button', { name: `Refuse the request from ${OTHER_ANALYST}` }).click();
    await expect(owner.getByTestId('decision-banner').innerText()).resolves.toContain(`You refused the request from ${OTHER_ANALYST}`);
    await expect(owner.getByTestId('decided-requests').innerText()).resolves.toMatch(/refused/i);

    // The requester sees the refusal and its reason, on their requests and in a notification.
    await open(analyst, b.baseUrl, '/access');
    const mine = analyst.getByTestId('my-requests').locator('tr', { hasText: TITLE });
    await expect(mine.innerText()).resolves.toContain(`Refused by the data owner: “${reason}”`);
    await capture(analyst, 'access-11-my-request-refused');
    await analyst.getByRole('link', { name: /^Notifications/ }).click();
    await settled(analyst);
    await expect(analyst.locator('main').innerText()).resolves.toContain(reason);
    await capture(analyst, 'access-12-notifications');
    await open(analyst, b.baseUrl, '/catalogue');
    await expect(analyst.locator('tr', { hasText: TITLE }).locator('.govuk-tag').innerText()).resolves.toBe('none');
    await expectAccessible(analyst, 'catalogue after refusal');
  });

  it('the IMB finds the decisions on the dataset in the audit log by dataset, action and date', async () => {
    const imb = await tabFor(IMB);
    await open(imb, b.baseUrl, '/access/audit');
    await imb.getByLabel('Dataset').selectOption({ label: LABEL });
    await imb.getByLabel('Action').fill('access_request.*');
    await fillDate(imb, 'From', '2026-02-30');
    await imb.getByRole('button', { name: 'Apply filters' }).click();
    await imb.locator('.govuk-error-summary').getByText('Enter a real “from” date, for example 1 4 2026').waitFor();
    await fillDate(imb, 'From', isoDateIn(0));
    await imb.getByRole('button', { name: 'Apply filters' }).click();
    await imb.waitForURL((u) => u.searchParams.get('dataset') === slug && u.searchParams.get('action') === 'access_request.*' && u.searchParams.get('from') === isoDateIn(0));
    await settled(imb);
    // The filtered answer replaces the earlier table; wait for it rather than read the old one.
    await imb.waitForFunction(() => {
      const cells = [...document.querySelectorAll('main table tbody tr td:nth-child(3)')].map((c) => (c.textContent ?? '').trim());
      return cells.length > 0 && cells.every((c) => c.startsWith('access_request.'));
    });
    const actions = await imb.locator('main table tbody tr td:nth-child(3)').allInnerTexts();
    // Three decisions: the owner's and the IMB's approvals, then the owner's refusal.
    expect(actions.filter((a) => /^access_request\.(approved|refused)$/.test(a.trim()))).toHaveLength(3);
    expect(actions.every((a) => a.trim().startsWith('access_request.'))).toBe(true);
    await capture(imb, 'access-14-audit-filtered');
  });
  it('the owner approves in part on the request page; the IMB sees the count waiting, finishes it, and later finds and revokes the grant in the review', async () => {
    // The Portsmouth analyst asks (through the API, to keep the test short) for more than they will get.
    const token = await b.hub.login(OTHER_ANALYST);
    const until = isoDateIn(120);
    const asked = await b.hub
      .http()
      .post('/api/governance/access-requests')
      .set('Authorization', `Bearer ${token}`)
      .send({ dataset: slug, level: 'identifiable', areas: ['E06000044', 'E07000094'], purpose: 'Repeat victims across Portsmouth and Winchester', agreementId: agreement.id, until: `${until}T23:59:59Z` })
      .expect(201);
    const id = asked.body.id as string;

    // The police data owner opens the whole request and approves record access for Portsmouth only.
    const owner = await tabFor(OWNER);
    await open(owner, b.baseUrl, '/access/approvals');
    await cardFor(owner, OTHER_ANALYST).getByRole('link', { name: `See the whole request from ${OTHER_ANALYST}` }).click();
    await owner.getByTestId('request-summary').waitFor();
    expect(new URL(owner.url()).pathname).toBe(`/access/requests/${id}`);
    await expect(owner.getByTestId('request-summary').innerText()).resolves.toMatch(/Data period\s+January 2026 to March 2026/);
    await expect(owner.getByTestId('request-columns').innerText()).resolves.toContain('Category');
    await expect(owner.getByTestId('request-agreement').innerText()).resolves.toContain('Crime and Disorder Act 1998 s115; DPA 2018 Part 3');
    await expect(owner.getByTestId('request-agreement').getByRole('link', { name: agreement.title }).getAttribute('href')).resolves.toBe(`/access/agreements?agreement=${agreement.id}`);
    await owner.getByLabel('Part of it: a lower level, fewer areas or an earlier end').check();
    await owner.getByLabel('Record (rows, no personal data)').check();
    await owner.getByLabel('Winchester').uncheck();
    await owner.getByLabel('Note for the requester').fill('Portsmouth only: Winchester data is shared through its own CSP');
    await owner.getByRole('button', { name: `Approve in part the request from ${OTHER_ANALYST}` }).click();
    await expect(owner.getByTestId('decision-banner').innerText()).resolves.toMatch(/approved the request from .* in part\. It still needs the IMB/);
    await expect(owner.getByTestId('granted-terms').innerText()).resolves.toMatch(/Approved so far: Record \(rows, no personal data\); Portsmouth; until/);
    await expectAccessible(owner, 'request page after a partial approval');

    // The IMB sees how many decisions wait for it in the navigation, the same number the API gives.
    const imb = await tabFor(IMB);
    const waiting = (await b.hub.http().get('/api/governance/access-requests/to-decide/count').set('Authorization', `Bearer ${await b.hub.login(IMB)}`).expect(200)).body.count as number;
    expect(waiting).toBeGreaterThan(0);
    await expect(imb.getByTestId('decisions-waiting').innerText()).resolves.toMatch(new RegExp(`^${waiting}\\b`));
    await open(imb, b.baseUrl, `/access/requests/${id}`);
    await expect(imb.locator('main').innerText()).resolves.toContain(`Approved in part by ${OWNER} (the data owner): record level; Portsmouth`);
    await expect(imb.getByTestId('seen-by').innerText()).resolves.toContain(`Opened by the data owner (${OWNER})`);
    await imb.getByLabel('Note for the requester').fill('Agreed, as the data owner limited it');
    await imb.getByRole('button', { name: `Approve the request from ${OTHER_ANALYST}` }).click();
    await expect(imb.getByTestId('decision-banner').innerText()).resolves.toMatch(/in part\. Their access starts now/);
    if (waiting === 1) await imb.getByTestId('decisions-waiting').waitFor({ state: 'detached' });
    else await expect(imb.getByTestId('decisions-waiting').innerText()).resolves.toMatch(new RegExp(`^${waiting - 1}\\b`));

    // The requester reads what was granted, and why.
    const analyst = await tabFor(OTHER_ANALYST);
    await open(analyst, b.baseUrl, '/access');
    const mine = analyst.getByTestId('my-requests').locator('tr', { hasText: 'approved in part' });
    await expect(mine.getByTestId('granted-in-part').innerText()).resolves.toMatch(/Granted: record, Portsmouth, until/);
    await mine.getByRole('link', { name: LABEL }).click();
    await expect(analyst.getByTestId('granted-terms').innerText()).resolves.toContain('Portsmouth only: Winchester data is shared through its own CSP');

    // The IMB narrows the review to the grant by a search, and revokes it in bulk.
    await open(imb, b.baseUrl, '/access/review');
    await imb.getByLabel('Search', { exact: true }).fill('portsmouth repeat');
    await imb.getByRole('button', { name: 'Search', exact: true }).click();
    await imb.waitForURL((u) => u.searchParams.get('q') === 'portsmouth repeat');
    // The table follows the URL once the filtered answer arrives.
    await imb.getByTestId('review-caption').filter({ hasText: /^\s*1 grant matches\s*$/ }).waitFor();
    await imb.getByLabel('Sort by').selectOption('expires');
    await imb.waitForURL((u) => u.searchParams.get('sort') === 'expires');
    await imb.getByRole('button', { name: 'Select every live grant' }).click();
    await imb.getByLabel('Revoke now').check();
    await imb.getByLabel('Reason').fill('Project closed early');
    await expectAccessible(imb, 'access review filtered');
    await imb.getByRole('button', { name: 'Revoke the selected grants' }).click();
    await expect(imb.getByTestId('recertified-banner').innerText()).resolves.toMatch(/^1 grant revoked\. The hub refuses their next request/);
    await imb.getByTestId('review-caption').filter({ hasText: /^\s*0 grants match\s*$/ }).waitFor();
    await capture(imb, 'access-15-review-revoked');
  });
});
