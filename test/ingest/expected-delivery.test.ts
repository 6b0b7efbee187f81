import { Role } from '../../src/auth/role.js';
import { OperationsNotices } from '../../src/governance/operations-notices.js';
import { ExpectedDeliveryService } from '../../src/ingest/expected-delivery.service.js';
import { signedInUser } from '../factories/user.factory.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

// The built-in police.uk feeds fill datasets owned by the constabulary.
const FEED = 'police-uk-outcomes';
const path = `/api/feeds/${FEED}/expected-delivery`;

describe("a feed's expected delivery, set through the API", () => {
  let hub: TestHub;
  let operator: { token: string };
  let owner: Awaited<ReturnType<typeof signedInUser>>;

  beforeAll(async () => {
    hub = await createTestHub();
    operator = await signedInUser(hub, { roles: [Role.EtlOperator], organisation: 'hiow-constabulary' });
    owner = await signedInUser(hub, { roles: [Role.DataOwner], organisation: 'hiow-constabulary' });
  });
  afterAll(() => hub?.close());

  const put = (token: string, body: unknown) => hub.http().put(path).set('Authorization', `Bearer ${token}`).send(body as object);

  it('is set and cleared by an operator or the data owner, audited with the old and new schedule', async () => {
    const set = await put(operator.token, { expectedEvery: 'monthly', expectedByDay: 10 }).expect(200);
    expect(set.body).toMatchObject({ feed: FEED, expectedEvery: 'monthly', expectedByDay: 10, description: 'by day 10 of each month' });
    expect(set.body.dueBy).toMatch(/^\d{4}-\d{2}-10$/);

    await put(owner.token, { expectedEvery: 'weekly', expectedByDay: 3 }).expect(200);
    const read = await hub.http().get(path).set('Authorization', `Bearer ${owner.token}`).expect(200);
    expect(read.body).toMatchObject({ expectedEvery: 'weekly', expectedByDay: 3, description: 'by Wednesday of each week' });

    const cleared = await put(owner.token, { expectedEvery: null }).expect(200);
    expect(cleared.body).toMatchObject({ expectedEvery: null, expectedByDay: null, overdueFor: null, dueBy: null });

    const entries = await hub.dataSource.query(`SELECT actor_email AS "actorEmail", details FROM audit_log WHERE action = 'feed.expected_delivery_changed' ORDER BY id`);
    expect(entries.map((e: { details: unknown }) => e.details)).toEqual([
      { slug: FEED, dataset: FEED, from: null, to: { expectedEvery: 'monthly', expectedByDay: 10 } },
      { slug: FEED, dataset: FEED, from: { expectedEvery: 'monthly', expectedByDay: 10 }, to: { expectedEvery: 'weekly', expectedByDay: 3 } },
      { slug: FEED, dataset: FEED, from: { expectedEvery: 'weekly', expectedByDay: 3 }, to: null },
    ]);
    expect(entries[1].actorEmail).toBe(owner.user.email);
  });

  it('is refused to an analyst and to a data owner of another organisation, who see none of it', async () => {
    const analyst = await signedInUser(hub, { roles: [Role.Analyst], organisation: 'hiow-constabulary' });
    const elsewhere = await signedInUser(hub, { roles: [Role.DataOwner], organisation: 'portsmouth' });
    await put(analyst.token, { expectedEvery: 'monthly', expectedByDay: 5 }).expect(403);
    await hub.http().get('/api/expected-deliveries').set('Authorization', `Bearer ${analyst.token}`).expect(403);
    const refused = await put(elsewhere.token, { expectedEvery: 'monthly', expectedByDay: 5 }).expect(403);
    expect(refused.body.error.code).toBe('not_feed_owner');
    await hub.http().get(path).set('Authorization', `Bearer ${elsewhere.token}`).expect(403);
    expect((await hub.http().get('/api/expected-deliveries').set('Authorization', `Bearer ${elsewhere.token}`).expect(200)).body).toEqual([]);
    const mine = await hub.http().get('/api/expected-deliveries').set('Authorization', `Bearer ${owner.token}`).expect(200);
    expect(mine.body.map((d: { feed: string }) => d.feed)).toContain(FEED);
  });

  it('refuses bad values with a sentence and changes nothing', async () => {
    await put(operator.token, { expectedEvery: 'monthly', expectedByDay: 12 }).expect(200);
    const cases: [unknown, string][] = [
      [{ expectedEvery: 'monthly', expectedByDay: 31 }, 'A monthly delivery is expected by a day of the month from 1 to 28'],
      [{ expectedEvery: 'weekly', expectedByDay: 8 }, 'A weekly delivery is expected by a day of the week from 1 (Monday) to 7 (Sunday)'],
      [{ expectedEvery: 'monthly', expectedByDay: '10' }, 'A monthly delivery is expected by a day of the month'],
      [{ expectedEvery: 'daily', expectedByDay: 1 }, 'expectedEvery must be "monthly", "weekly" or null'],
      [{ expectedByDay: 4 }, 'expectedEvery must be "monthly", "weekly" or null'],
      [{ expectedEvery: null, expectedByDay: 4 }, 'Leave expectedByDay empty'],
      [{ expectedEvery: 'monthly', expectedByDay: 4, every: 'x' }, 'property every should not exist'],
    ];
    for (const [body, message] of cases) {
      const res = await put(operator.token, body).expect(400);
      expect(res.body.error.message).toContain(message);
    }
    await hub.http().put('/api/feeds/no-such-feed/expected-delivery').set('Authorization', `Bearer ${operator.token}`).send({ expectedEvery: 'monthly', expectedByDay: 1 }).expect(404);
    const read = await hub.http().get(path).set('Authorization', `Bearer ${operator.token}`).expect(200);
    expect(read.body).toMatchObject({ expectedEvery: 'monthly', expectedByDay: 12 });
  });

  it('drives the overdue notice and the overdue status', async () => {
    await put(owner.token, { expectedEvery: 'monthly', expectedByDay: 20 }).expect(200);
    const [feed] = await hub.dataSource.query(`SELECT id FROM feeds WHERE slug = $1`, [FEED]);
    const notices = hub.app.get(OperationsNotices);
    const forFeed = () => hub.dataSource.query(`SELECT user_id AS "userId", title, body FROM notifications WHERE kind = 'feed_overdue' AND target_id = $1`, [feed.id]);
    await notices.notifyOverdueFeeds(new Date('2031-03-20T12:00:00Z'));
    expect(await forFeed()).toEqual([]);
    await notices.notifyOverdueFeeds(new Date('2031-03-21T09:00:00Z'));
    const sent = await forFeed();
    expect(sent.map((n: { userId: string }) => n.userId)).toContain(owner.user.id);
    expect(sent[0]).toMatchObject({ title: expect.stringContaining('has not arrived for 2031-03'), body: 'Expected by day 20 of each month.' });

    const service = hub.app.get(ExpectedDeliveryService);
    const caller = { ...owner.user, roles: [Role.DataOwner], sessionId: 's', mustChangePassword: false };
    expect((await service.get(caller, FEED, new Date('2031-03-20T12:00:00Z'))).overdueFor).toBeNull();
    expect(await service.get(caller, FEED, new Date('2031-03-21T09:00:00Z'))).toMatchObject({ overdueFor: '2031-03', dueBy: '2031-03-20', lastLoadedAt: null });
  });
});
