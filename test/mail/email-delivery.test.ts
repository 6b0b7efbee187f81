import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Role } from '../../src/auth/role.js';
import { NoticeMailer } from '../../src/mail/notice-mailer.js';
import { createDataset, times } from '../factories/dataset.factory.js';
import { signedInUser } from '../factories/user.factory.js';
import { type SmtpSink, smtpEnv, startSmtpSink, waitFor } from '../support/smtp-sink.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

const W = 'E07000094';
const DAY = 86_400_000;
const future = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const SUBJECT_PENDING = '[CSP Hub] An access request is waiting for your decision';
const PURPOSE = 'Problem-solving ASB hotspots near Jewry Street';

describe('notices by email through a real SMTP server', () => {
  let sink: SmtpSink;
  let hub: TestHub;
  const t: Record<string, string> = {};
  const email: Record<string, string> = {};
  let agreementId: string;

  beforeAll(async () => {
    sink = await startSmtpSink();
    hub = await createTestHub({ SIGNIN_RATE_PER_MINUTE: '1000', ...smtpEnv(sink) });
    await createDataset(hub, { slug: 'police-mail', title: 'Police ASB', rows: times(20, { month: '2025-03', district_code: W, district_name: 'Winchester', category: 'Anti-social behaviour', category_group: 'Anti-social behaviour', source_org: 'hiow-constabulary', placement: 'lsoa' }) });
    const people = { analyst: [Role.Analyst, 'winchester'], analyst2: [Role.Analyst, 'winchester'], owner: [Role.DataOwner, 'hiow-constabulary'], imb: [Role.Imb, 'opcc'] } as const;
    for (const [name, [role, organisation]] of Object.entries(people)) {
      const { user, token } = await signedInUser(hub, { roles: [role], organisation });
      t[name] = token;
      email[name] = user.email;
    }
    const agreement = await as('imb').post('/api/governance/agreements', {
      title: 'Winchester ASB agreement', purpose: 'Repeat ASB', lawfulBasis: 'Crime and Disorder Act 1998 s115',
      parties: ['hiow-constabulary', 'winchester', 'opcc'], datasets: ['police-mail'], startsAt: future(-1), reviewAt: future(180), endsAt: future(365),
    });
    agreementId = agreement.body.id;
  });
  afterAll(async () => {
    await hub?.close();
    await sink?.close();
  });

  function as(who: string) {
    const auth = (r: ReturnType<ReturnType<TestHub['http']>['get']>) => r.set('Authorization', `Bearer ${t[who]}`);
    return {
      get: (url: string) => auth(hub.http().get(url)),
      post: (url: string, body: object = {}) => auth(hub.http().post(url)).send(body),
      put: (url: string, body: object) => auth(hub.http().put(url)).send(body),
    };
  }
  const ask = (who = 'analyst') => as(who).post('/api/governance/access-requests', { dataset: 'police-mail', level: 'aggregate', areas: [W], purpose: PURPOSE, agreementId, until: future(60) });
  const to = (who: string) => sink.received.filter((m) => m.to && !Array.isArray(m.to) && m.to.value.some((a) => a.address === email[who]));
  const outbox = (): Promise<{ status: string; attempts: number; kind: string }[]> => hub.dataSource.query('SELECT status, attempts, kind FROM email_outbox ORDER BY created_at');
  const auditActions = async (): Promise<string[]> => (await hub.dataSource.query(`SELECT action FROM audit_log WHERE action LIKE 'email.%' ORDER BY id`)).map((r: { action: string }) => r.action);

  it('emails each approver a link to decide, naming nobody and nothing from the request', async () => {
    expect((await ask()).status).toBe(201);
    const [toOwner] = await waitFor('the data owner email', () => (to('owner').length ? to('owner') : null));
    const [toImb] = await waitFor('the IMB email', () => (to('imb').length ? to('imb') : null));
    for (const mail of [toOwner, toImb]) {
      expect(mail.subject).toBe(SUBJECT_PENDING);
      expect(mail.from?.text).toContain('no-reply@hub.test');
      expect(mail.text).toContain('https://hub.example.test/access/approvals');
      expect(mail.html).toContain('href="https://hub.example.test/access/approvals"');
      for (const secret of [email.analyst, email.analyst2, PURPOSE, 'Jewry', 'Police ASB', 'Winchester']) expect(`${mail.subject}\n${mail.text}\n${mail.html}`).not.toContain(secret);
    }
    expect(to('analyst')).toHaveLength(0);
    await waitFor('the sent states', async () => (await outbox()).filter((m) => m.status === 'sent').length === 2);
    expect(await auditActions()).toEqual(['email.sent', 'email.sent']);
  });

  it('keeps each user’s choice: a digest instead of an email each, or nothing', async () => {
    const bad = await as('imb').put('/api/me/email-preferences', { preferences: [{ kind: 'approval_pending', delivery: 'hourly' }] });
    expect([bad.status, bad.body.error.code]).toEqual([400, expect.any(String)]);
    const unknown = await as('imb').put('/api/me/email-preferences', { preferences: [{ kind: 'everything', delivery: 'off' }] });
    expect(unknown.status).toBe(400);
    const saved = await as('imb').put('/api/me/email-preferences', { preferences: [{ kind: 'approval_pending', delivery: 'digest' }] }).expect(200);
    expect(saved.body.emailEnabled).toBe(true);
    expect(saved.body.kinds.find((k: { kind: string }) => k.kind === 'approval_pending')).toEqual(expect.objectContaining({ delivery: 'digest', isDefault: false }));
    await as('owner').put('/api/me/email-preferences', { preferences: [{ kind: 'approval_pending', delivery: 'off' }] }).expect(200);
    const before = { owner: to('owner').length, imb: to('imb').length };

    expect((await ask('analyst2')).status).toBe(201);
    expect(await hub.app.get(NoticeMailer).sendImmediate()).toBe(0);
    expect(await hub.app.get(NoticeMailer).sendDigests()).toBe(1);
    const digest = await waitFor('the digest', () => (to('imb').length > before.imb ? to('imb').at(-1) : null));
    expect(digest.subject).toBe('[CSP Hub] Your daily summary');
    expect(digest.text).toContain('An access request is waiting for your decision (1 notice)');
    expect(digest.text).toContain('https://hub.example.test/access/approvals');
    expect(digest.text).toContain('https://hub.example.test/account/email');
    expect(to('owner')).toHaveLength(before.owner);
    expect(await hub.app.get(NoticeMailer).sendDigests()).toBe(0);
  });

  it('retries with backoff when the server refuses or drops the connection, and loses nothing', async () => {
    const request = (await as('owner').get('/api/governance/access-requests/to-decide').expect(200)).body.find((r: { requesterEmail: string }) => r.requesterEmail === email.analyst);
    expect(request).toBeDefined();
    sink.mode = 'refuse';
    const attemptsBefore = sink.attempts;
    await as('owner').post(`/api/governance/access-requests/${request.id}/refuse`, { note: 'Not needed for this purpose' }).expect(200);
    await waitFor('two refused attempts', () => sink.attempts >= attemptsBefore + 2);
    sink.mode = 'drop';
    await waitFor('a dropped attempt', () => sink.attempts >= attemptsBefore + 3);
    expect((await outbox()).filter((m) => m.kind === 'request_decided')).toEqual([expect.objectContaining({ status: expect.stringMatching(/pending|sending/) })]);
    sink.mode = 'accept';
    const decided = await waitFor('the decision email', () => to('analyst').at(0));
    expect(decided.subject).toBe('[CSP Hub] Your access request has been decided');
    expect(decided.text).toContain('https://hub.example.test/access');
    const row = await waitFor('the sent state', async () => (await outbox()).find((m) => m.kind === 'request_decided' && m.status === 'sent'));
    expect(row.attempts).toBeGreaterThanOrEqual(4);
    const actions = await auditActions();
    expect(actions.filter((a) => a === 'email.retry').length).toBeGreaterThanOrEqual(3);
    expect(to('analyst')).toHaveLength(1);
  });
});

describe('the outbox across a restart', () => {
  it('sends after the hub restarts what could not be sent before it stopped', async () => {
    const sink = await startSmtpSink('refuse');
    const folder = mkdtempSync(path.join(os.tmpdir(), 'csp-hub-outbox-'));
    const embedded: Record<string, string> = {};
    const first = await createTestHub({ ...smtpEnv(sink), ...embedded });
    const { user } = await signedInUser(first, { roles: [Role.Analyst] });
    await first.app.get(NoticeMailer); // the hub is up with email on
    await first.dataSource.query(`INSERT INTO notifications (user_id, kind, title) VALUES ($1, 'grant_revoked', 'Access ended')`, [user.id]);
    expect(await first.app.get(NoticeMailer).sendImmediate()).toBe(1);
    await waitFor('a refused attempt', () => sink.attempts >= 1);
    const databaseUrl = first.config.databaseUrl;
    const dropFirst = await first.stop();
    sink.mode = 'accept';
    const second = await createTestHub({ ...smtpEnv(sink), ...embedded, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
    try {
      const mail = await waitFor('the email after restart', () => sink.received.at(0));
      expect(mail.subject).toBe('[CSP Hub] Your access to a dataset has been withdrawn');
      expect(sink.received).toHaveLength(1);
      await waitFor('the sent state', async () => (await second.dataSource.query(`SELECT status FROM email_outbox`))[0]?.status === 'sent');
    } finally {
      await second.close();
      await dropFirst();
      await sink.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
