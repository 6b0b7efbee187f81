import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { Role } from '../../src/auth/role.js';
import { plantRepeatReports } from '../case-review/case-review-support.js';
import { createUser } from '../factories/user.factory.js';
import { type BrowserHub, chromiumAvailable, screenshot, signIn, signOut, startBrowserHub } from './support/browser-hub.js';
import { capture, expectAccessible } from './support/page-helpers.js';

const suite = chromiumAvailable ? describe : describe.skip;
const DAY = 86_400_000;

suite('browser client: ASB case review, as a CSP officer and as a review member from another agency', () => {
  let b: BrowserHub;
  let page: Page;
  const email = { officer: 'officer.portsmouth@test.csp-hub.test', member: 'member.solent@test.csp-hub.test', outsider: 'analyst.outsider@test.csp-hub.test', ownerHousing: 'owner.solent@test.csp-hub.test', ownerPortsmouth: 'owner.portsmouth@test.csp-hub.test' };
  const token = async (who: string) => (await b.hub.http().post('/api/auth/login').send({ email: who, password: 'orchard-lantern-kettle' })).body.accessToken as string;

  beforeAll(async () => {
    b = await startBrowserHub({ DEMO_DATA: 'false' });
    await plantRepeatReports(b.hub);
    await createUser(b.hub, { email: email.officer, roles: [Role.CspOfficer], organisation: 'portsmouth' });
    await createUser(b.hub, { email: email.member, roles: [Role.Analyst], organisation: 'solent-housing' });
    await createUser(b.hub, { email: email.outsider, roles: [Role.Analyst], organisation: 'winchester' });
    await createUser(b.hub, { email: email.ownerHousing, roles: [Role.DataOwner], organisation: 'solent-housing' });
    await createUser(b.hub, { email: email.ownerPortsmouth, roles: [Role.DataOwner], organisation: 'portsmouth' });
    const agreement = await b.hub.http().post('/api/governance/agreements').set('Authorization', `Bearer ${await token('imb@demo.csp-hub.test')}`).send({
      title: 'Portsmouth ASB information sharing agreement', purpose: 'ASB case reviews in Portsmouth', lawfulBasis: 'Crime and Disorder Act 1998 s115',
      parties: ['portsmouth', 'solent-housing', 'opcc'], datasets: ['portsmouth-asb-cases', 'solent-housing-asb'],
      startsAt: new Date(Date.now() - DAY).toISOString(), reviewAt: new Date(Date.now() + 100 * DAY).toISOString(), endsAt: new Date(Date.now() + 200 * DAY).toISOString(),
    });
    expect(agreement.status).toBe(201);
    page = await b.newPage();
  }, 120_000);
  afterAll(async () => {
    await page?.close();
    await b?.close();
  });

  let caseUrl = '';

  it('records an application, checks the threshold across partners, decides and opens the review', async () => {
    await signIn(page, b.baseUrl, email.officer);
    await page.locator('#navigation').getByRole('link', { name: 'ASB case reviews' }).click();
    await page.getByRole('link', { name: 'Record an application' }).click();
    await page.getByRole('heading', { name: 'Record an application' }).waitFor();
    await page.getByLabel('Partnership area').selectOption('E06000044');
    await page.getByLabel('Full name').fill('Zoë Müller');
    await page.getByLabel('Date of birth').fill('1991-11-30');
    await page.getByLabel('Address').fill('Flat 2, 14 Commercial Road');
    await page.getByLabel('Postcode').fill('PO1 1AA');
    await page.getByLabel('Date of the incident').fill(new Date(Date.now() - 20 * DAY).toISOString().slice(0, 10));
    await page.getByLabel('Description').fill('Shouting and banging at night');
    await capture(page, 'case-review-application');
    await page.getByRole('button', { name: 'Record the application' }).click();
    await page.getByTestId('case-status').getByText('Received').waitFor();
    caseUrl = page.url();
    await page.getByTestId('personal').getByText('Zoë Müller, born 1991-11-30').waitFor();
    await page.getByRole('button', { name: "Check partners' records" }).click();
    await page.getByTestId('threshold-result').getByText(/^Met under the partnership's standard rule/).waitFor();
    expect(await page.getByTestId('threshold-reports').locator('tbody tr').count()).toBe(4);
    await page.getByTestId('threshold-reports').getByText('Solent Housing Association').first().waitFor();
    await page.getByLabel('The threshold is met').check();
    await page.getByLabel('Reasons').fill('Three reports to two agencies within six months');
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.getByTestId('case-status').getByText('Threshold met').waitFor();
    await page.getByRole('button', { name: 'Record that the applicant was told' }).click();
    await page.getByRole('button', { name: 'Record that the applicant was told' }).waitFor({ state: 'detached' });
    await page.getByLabel('Solent Housing Association').check();
    await page.getByRole('button', { name: 'Open the review' }).click();
    await page.getByTestId('case-status').getByText('Review open').waitFor();
    await page.getByRole('button', { name: 'Ask partners for the case pack' }).click();
    await page.getByTestId('case-pack').getByText(/Waiting for approval: .*Solent Housing Association/).waitFor();
    await capture(page, 'case-review-officer');
  });

  it("lets a member from another agency join and see the case pack once partners approve; an outsider is refused", async () => {
    // The data owners approve through the ordinary governance routes.
    for (const owner of [email.ownerHousing, email.ownerPortsmouth, 'imb@demo.csp-hub.test']) {
      const auth = `Bearer ${await token(owner)}`;
      const queue = (await b.hub.http().get('/api/governance/access-requests/to-decide').set('Authorization', auth)).body as { id: string; caseReviewId: string | null }[];
      for (const r of queue.filter((q) => q.caseReviewId)) await b.hub.http().post(`/api/governance/access-requests/${r.id}/approve`).set('Authorization', auth).send({ note: 'For the case review' }).expect(200);
    }
    await signOut(page);
    await signIn(page, b.baseUrl, email.member);
    await page.locator('#navigation').getByRole('link', { name: 'ASB case reviews' }).click();
    await page.getByTestId('case-list').getByRole('link').first().click();
    await page.getByRole('button', { name: 'Join for Solent Housing Association' }).click();
    await page.getByTestId('members').getByText(/Solent Housing Association/).waitFor();
    const pack = page.getByTestId('case-pack');
    await pack.getByText('Zoey Mueller').first().waitFor();
    await pack.getByText(/Portsmouth City Council: Portsmouth ASB cases/).waitFor();
    expect(await pack.getByText('Sam Neighbour').count()).toBe(0);
    await capture(page, 'case-review-member');

    await signOut(page);
    await signIn(page, b.baseUrl, email.outsider);
    await page.getByTestId('header-user').waitFor();
    await page.goto(caseUrl);
    await page.getByText('There is no such ASB case review that you can see.').waitFor();
    expect(await page.content()).not.toContain('Müller');
  });

  it('records the meeting, a recommendation and the outcome; the closed review shows no case pack; figures are published', async () => {
    await signOut(page);
    await signIn(page, b.baseUrl, email.officer);
    await page.getByTestId('header-user').waitFor();
    await page.goto(caseUrl);
    await page.getByRole('button', { name: 'Record that the review was held' }).click();
    await page.getByTestId('case-status').getByText('Review held').waitFor();
    await page.getByLabel('Text').fill('Move the applicant to a quieter block');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByTestId('items').getByText('Move the applicant to a quieter block').waitFor();
    await page.getByLabel('Outcome as told to the applicant').fill('Recommendations agreed and the applicant told by phone');
    await page.getByRole('button', { name: 'Record the outcome and close the review' }).click();
    await page.getByTestId('case-status').getByText('Closed').waitFor();
    expect(await page.getByTestId('case-pack').count()).toBe(0);
    const refused = await b.hub.http().get(`/api/case-reviews/${caseUrl.split('/').pop()}/pack`).set('Authorization', `Bearer ${await token(email.member)}`);
    expect(refused.body.error.code).toBe('review_closed');
    await expectAccessible(page, 'case-review-closed');

    await page.getByRole('link', { name: 'All case reviews' }).click();
    await page.getByRole('link', { name: 'Published figures' }).click();
    const table = page.getByTestId('figures-table');
    await table.getByRole('row', { name: /Portsmouth/ }).getByText('Not shown').first().waitFor();
    await screenshot(page, 'case-review-figures');
    await expectAccessible(page, 'case-review-figures');
  });
});
