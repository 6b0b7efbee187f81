import { Role } from '../../src/auth/role.js';
import { NoticeMailer } from '../../src/mail/notice-mailer.js';
import { OperationsNotices } from '../../src/governance/operations-notices.js';
import { signedInUser } from '../factories/user.factory.js';
import { type SmtpSink, smtpEnv, startSmtpSink, waitFor } from '../support/smtp-sink.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

describe('a feed that missed its expected delivery', () => {
  let sink: SmtpSink;
  let hub: TestHub;

  beforeAll(async () => {
    sink = await startSmtpSink();
    hub = await createTestHub(smtpEnv(sink));
  });
  afterAll(async () => {
    await hub?.close();
    await sink?.close();
  });

  it('tells the ETL operators and the data owners once per period, by email with a link', async () => {
    const operator = await signedInUser(hub, { roles: [Role.EtlOperator], organisation: 'hiow-constabulary' });
    const owner = await signedInUser(hub, { roles: [Role.DataOwner], organisation: 'hiow-constabulary' });
    const elsewhere = await signedInUser(hub, { roles: [Role.DataOwner], organisation: 'portsmouth' });
    const [feed] = await hub.dataSource.query(`SELECT f.id FROM feeds f JOIN datasets d ON d.id = f.dataset_id JOIN organisations o ON o.id = d.owner_organisation_id WHERE o.slug = 'hiow-constabulary' ORDER BY f.slug LIMIT 1`);
    expect(feed).toBeDefined();
    await hub.dataSource.query(`UPDATE feeds SET expected_every = 'monthly', expected_by_day = 10 WHERE id = $1`, [feed.id]);
    const notices = hub.app.get(OperationsNotices);
    expect(await notices.notifyOverdueFeeds(new Date('2031-03-09T12:00:00Z'))).toBe(0);
    expect(await notices.notifyOverdueFeeds(new Date('2031-03-11T12:00:00Z'))).toBe(2);
    expect(await notices.notifyOverdueFeeds(new Date('2031-03-20T12:00:00Z'))).toBe(0);
    // Overdue feeds go in the daily digest by default.
    expect(await hub.app.get(NoticeMailer).sendImmediate()).toBe(0);
    expect(await hub.app.get(NoticeMailer).sendDigests()).toBe(2);
    const mails = await waitFor('two emails', () => (sink.received.length >= 2 ? sink.received : null));
    const recipients = mails.map((m) => (Array.isArray(m.to) ? '' : m.to?.value[0]?.address)).sort();
    expect(recipients).toEqual([operator.user.email, owner.user.email].sort());
    expect(recipients).not.toContain(elsewhere.user.email);
    for (const m of mails) {
      expect(m.subject).toBe('[CSP Hub] Your daily summary');
      expect(m.text).toContain('A data feed has missed its expected delivery (1 notice)');
      // One address for operator and data owner alike; the client sends each on to the page their role has.
      expect(m.text).toContain('https://hub.example.test/feeds/expected');
    }
  });
});
