import { AccessLevel } from '../../src/access/access-level.js';
import { Role } from '../../src/auth/role.js';
import { SubscriptionSender } from '../../src/subscriptions/subscription-sender.js';
import { TrendNoticesJob } from '../../src/subscriptions/trend-notices.job.js';
import { ViewAlertsJob } from '../../src/subscriptions/view-alerts.job.js';
import { createDataset, type FactoryRow, times } from '../factories/dataset.factory.js';
import { createGrant } from '../factories/grant.factory.js';
import { signedInUser } from '../factories/user.factory.js';
import { type SmtpSink, smtpEnv, startSmtpSink, waitFor } from '../support/smtp-sink.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

const W = 'E07000094';
const G = 'E07000088';
const E = 'E07000086';
const NAMES: Record<string, string> = { [W]: 'Winchester', [G]: 'Gosport', [E]: 'Eastleigh' };
const DAY = 86_400_000;
/** The month `back` months before this one, like 2026-11. */
const month = (back: number) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7);
};
const asb = (district: string, m: string, n: number): FactoryRow[] =>
  times(n, { month: m, district_code: district, district_name: NAMES[district], category: 'Anti-social behaviour', category_group: 'Anti-social behaviour', source_org: 'hiow-constabulary', placement: 'lsoa' });
/** Numbers in a message's words (links left out), to check none is a count below the threshold. */
const numbersIn = (text: string) => [...text.replace(/https?:\/\/\S+/g, '').matchAll(/\b\d+\b/g)].map((m) => Number(m[0]));

describe('subscriptions and alerts by email through a real SMTP server', () => {
  let sink: SmtpSink;
  let hub: TestHub;
  let analyst: { token: string; email: string; id: string };
  let imb: string;
  let grantId: string;
  let viewId: string;
  let monthlyViewId: string;
  const threshold = 5;

  const as = (token: string) => ({
    get: (url: string) => hub.http().get(url).set('Authorization', `Bearer ${token}`),
    post: (url: string, body: object = {}) => hub.http().post(url).set('Authorization', `Bearer ${token}`).send(body),
    delete: (url: string) => hub.http().delete(url).set('Authorization', `Bearer ${token}`),
  });
  const mailTo = (address: string) => sink.received.filter((m) => m.to && !Array.isArray(m.to) && m.to.value.some((a) => a.address === address));
  const sender = () => hub.app.get(SubscriptionSender);

  beforeAll(async () => {
    sink = await startSmtpSink();
    hub = await createTestHub({ SIGNIN_RATE_PER_MINUTE: '1000', QUERY_SUPPRESSION_THRESHOLD: String(threshold), ...smtpEnv(sink) });
    // Eastleigh's 3 is below the threshold: it must never reach an email, in words or in a chart.
    const police = await createDataset(hub, { slug: 'sub-police', title: 'Police ASB', rows: [...asb(W, month(4), 12), ...asb(W, month(3), 12), ...asb(W, month(2), 14), ...asb(W, month(1), 40), ...asb(G, month(1), 30), ...asb(E, month(1), 3)] });
    const a = await signedInUser(hub, { roles: [Role.Analyst], organisation: 'winchester' });
    analyst = { token: a.token, email: a.user.email, id: a.user.id };
    imb = (await signedInUser(hub, { roles: [Role.Imb], organisation: 'opcc' })).token;
    grantId = (await createGrant(hub, police, { organisation: 'winchester', level: AccessLevel.Aggregate, areas: [W, G, E] })).id;
    viewId = (await as(analyst.token).post('/api/views', { title: 'ASB by district', query: { dataset: 'sub-police', measures: ['count'], groupBy: ['district'] }, chart: { type: 'bar', options: { by: 'district' } } }).expect(201)).body.id;
    monthlyViewId = (await as(analyst.token).post('/api/views', { title: 'ASB in Winchester by month', query: { dataset: 'sub-police', measures: ['count'], groupBy: ['month'], areas: [W] }, chart: { type: 'line', options: {} } }).expect(201)).body.id;
  });
  afterAll(async () => {
    await hub?.close();
    await sink?.close();
  });

  it('refuses bad subscriptions and views the user cannot see', async () => {
    expect((await as(analyst.token).post('/api/me/subscriptions', { targetType: 'view', targetId: viewId, frequency: 'daily' })).status).toBe(400);
    const other = await signedInUser(hub, { roles: [Role.Analyst], organisation: 'gosport' });
    const hidden = await as(other.token).post('/api/me/subscriptions', { targetType: 'view', targetId: viewId, frequency: 'weekly' });
    expect([hidden.status, hidden.body.error.code]).toEqual([404, 'view_not_found']);
    const noNumber = await as(analyst.token).post('/api/me/alerts', { viewId: monthlyViewId, rule: 'exceeds' });
    expect(noNumber.status).toBe(400);
    const extra = await as(analyst.token).post('/api/me/alerts', { viewId: monthlyViewId, rule: 'unusual', threshold: 3 });
    expect([extra.status, extra.body.error.code]).toEqual([400, 'threshold_not_wanted']);
  });

  it('emails the subscriber the chart as an image with a link, once a period, with no figure below the threshold', async () => {
    const sub = await as(analyst.token).post('/api/me/subscriptions', { targetType: 'view', targetId: viewId, frequency: 'weekly' }).expect(201);
    expect(new Date(sub.body.nextSendAt).getTime()).toBeGreaterThan(Date.now());
    expect(await sender().sendDue(new Date())).toBe(0);
    const due = new Date(Date.now() + 8 * DAY);
    expect(await sender().sendDue(due)).toBe(1);
    expect(await sender().sendDue(due)).toBe(0);
    const [mail] = await waitFor('the subscription email', () => (mailTo(analyst.email).length ? mailTo(analyst.email) : null));
    expect(mail.subject).toBe('[CSP Hub] Your weekly saved view');
    expect(mail.text).toContain('ASB by district');
    expect(mail.text).toContain(`https://hub.example.test/dashboards/views/${viewId}`);
    const image = mail.attachments.find((att) => att.contentType === 'image/png');
    expect(image).toBeDefined();
    expect(image!.content.subarray(1, 4).toString()).toBe('PNG');
    expect(image!.cid).toBe('chart-1@csp-hub');
    // The HTML shows it inline: mailparser swaps the cid: link for the image's data.
    expect(mail.html).toContain(`data:image/png;base64,${image!.content.toString('base64').slice(0, 40)}`);
    expect(mail.html).not.toContain('Eastleigh');
    const runs = await hub.dataSource.query(`SELECT details FROM audit_log WHERE action = 'query.run' AND actor_id = $1 AND details->>'format' = 'email'`, [analyst.id]);
    expect(runs).toHaveLength(1);
    expect(runs[0].details.suppressedCells).toBeGreaterThan(0);
    const mine = await as(analyst.token).get('/api/me/subscriptions').expect(200);
    expect(mine.body.subscriptions[0]).toMatchObject({ title: 'ASB by district', frequency: 'weekly', lastOutcome: 'sent' });
  });

  it('emails a dashboard with each of its charts the user may see', async () => {
    const board = await as(analyst.token).post('/api/dashboards', { title: 'Winchester ASB', layout: [{ viewId, width: 2 }, { viewId: monthlyViewId, width: 2 }] }).expect(201);
    await as(analyst.token).post('/api/me/subscriptions', { targetType: 'dashboard', targetId: board.body.id, frequency: 'monthly' }).expect(201);
    // By then the weekly view is due again too.
    expect(await sender().sendDue(new Date(Date.now() + 33 * DAY))).toBe(2);
    const mail = await waitFor('the dashboard email', () => mailTo(analyst.email).find((m) => m.subject === '[CSP Hub] Your monthly dashboard'));
    expect(mail.text).toContain(`https://hub.example.test/dashboards/${board.body.id}`);
    expect(mail.attachments.filter((a) => a.contentType === 'image/png').map((a) => a.cid)).toEqual(['chart-1@csp-hub', 'chart-2@csp-hub']);
    expect(mail.html).toContain('ASB in Winchester by month');
  });

  it('tells the user of an emerging trend in the areas their access covers, once', async () => {
    const jobs = hub.app.get(TrendNoticesJob);
    expect(await jobs.notifyAll()).toBeGreaterThan(0);
    expect(await jobs.notifyAll()).toBe(0);
    const notices: { title: string }[] = await hub.dataSource.query(`SELECT title FROM notifications WHERE user_id = $1 AND kind = 'emerging_trend'`, [analyst.id]);
    expect(notices.map((n) => n.title)).toEqual([`Anti-social behaviour is rising in Winchester (${month(1)})`]);
  });

  it('fires a threshold alert once for the month it is exceeded, and not again', async () => {
    const alert = await as(analyst.token).post('/api/me/alerts', { viewId: monthlyViewId, rule: 'exceeds', threshold: 25 }).expect(201);
    const quiet = await as(analyst.token).post('/api/me/alerts', { viewId: monthlyViewId, rule: 'exceeds', threshold: 500 }).expect(201);
    const jobs = hub.app.get(ViewAlertsJob);
    expect(await jobs.checkAll()).toBe(1);
    expect(await jobs.checkAll()).toBe(0);
    const notices = await hub.dataSource.query(`SELECT title, target_id FROM notifications WHERE user_id = $1 AND kind = 'view_alert'`, [analyst.id]);
    expect(notices).toEqual([{ title: `“ASB in Winchester by month” was above 25 in ${month(1)}`, target_id: monthlyViewId }]);
    const alertMail = await waitFor('the alert email', () => mailTo(analyst.email).find((m) => m.subject === '[CSP Hub] A saved view you watch has crossed its alert'));
    expect(alertMail.text).toContain(`https://hub.example.test/dashboards/views/${monthlyViewId}`);
    const list = (await as(analyst.token).get('/api/me/subscriptions').expect(200)).body.alerts;
    expect(list.find((a: { id: string }) => a.id === alert.body.id)).toMatchObject({ lastFiredMonth: month(1), lastOutcome: 'fired' });
    expect(list.find((a: { id: string }) => a.id === quiet.body.id)).toMatchObject({ lastFiredMonth: null, lastOutcome: 'quiet' });
    await as(analyst.token).delete(`/api/me/alerts/${quiet.body.id}`).expect(204);
  });

  it('sends nothing once the subscriber’s access has ended', async () => {
    await as(imb).post(`/api/governance/grants/${grantId}/revoke`, { reason: 'Project finished' }).expect(204);
    const before = sink.received.length;
    expect(await sender().sendDue(new Date(Date.now() + 40 * DAY))).toBe(0);
    const mine = await as(analyst.token).get('/api/me/subscriptions').expect(200);
    expect(mine.body.subscriptions[0].lastOutcome).toBe('no_access');
    const skipped = await hub.dataSource.query(`SELECT details FROM audit_log WHERE action = 'subscription.skipped'`);
    expect(skipped.length).toBeGreaterThan(0);
    expect(new Set(skipped.map((r: { details: { reason: string } }) => r.details.reason))).toEqual(new Set(['no_access']));
    // Whatever was already on its way has gone; no new subscription email follows.
    await waitFor('the outbox to empty', async () => (await hub.dataSource.query(`SELECT count(*)::int AS n FROM email_outbox WHERE status <> 'sent'`))[0].n === 0);
    expect(sink.received.slice(before).map((m) => m.subject)).not.toContain('[CSP Hub] Your weekly saved view');
    expect(sink.received.slice(before).map((m) => m.subject)).not.toContain('[CSP Hub] Your monthly dashboard');
    for (const sub of mine.body.subscriptions) await as(analyst.token).delete(`/api/me/subscriptions/${sub.id}`).expect(204);
    expect((await as(analyst.token).get('/api/me/subscriptions').expect(200)).body.subscriptions).toEqual([]);
  });

  it('never puts a figure below the threshold in the words of any message', async () => {
    expect(sink.received.length).toBeGreaterThan(1);
    for (const mail of sink.received) {
      const small = numbersIn(`${mail.subject}\n${mail.text}`).filter((n) => n > 0 && n < threshold);
      expect({ subject: mail.subject, small }).toEqual({ subject: mail.subject, small: [] });
    }
  });
});
