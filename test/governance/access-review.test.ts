import { AccessLevel } from '../../src/access/access-level.js';
import type { Grant } from '../../src/access/grant.entity.js';
import { GrantsService } from '../../src/access/grants.service.js';
import { Role } from '../../src/auth/role.js';
import type { Dataset } from '../../src/datasets/dataset.entity.js';
import { createDataset } from '../factories/dataset.factory.js';
import { createGrant } from '../factories/grant.factory.js';
import { createUser, signedInUser } from '../factories/user.factory.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

const W = 'E07000094';
const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);
const ahead = (days: number) => new Date(Date.now() + days * DAY);

/**
 * A seeded scenario with known answers. Live grants:
 *   fresh      used yesterday, ends in 200 days      → no highlight
 *   stale      last used 100 days ago                → unused
 *   orgNever   Havant, started 120 days ago, unused  → unused
 *   ending     ends in 10 days                       → expiring soon
 *   idle       for an account idle 120 days          → grantee inactive
 *   agreed     under an agreement ending in 60 days  → no highlight
 * Not live: one revoked, one expired. Inactive accounts: idle (120 days), never (created 100 days ago).
 */
describe('access review', () => {
  let hub: TestHub;
  let dataset: Dataset;
  let imb: string;
  let analyst: string;
  const g: Record<string, Grant> = {};
  let agreementEnd: Date;

  beforeAll(async () => {
    hub = await createTestHub({ SIGNIN_RATE_PER_MINUTE: '1000' });
    dataset = await createDataset(hub, { slug: 'police-review', title: 'Police ASB for review' });
    imb = (await signedInUser(hub, { roles: [Role.Imb], organisation: 'opcc' })).token;
    const active = await signedInUser(hub, { organisation: 'winchester' });
    analyst = active.token;
    const idle = await createUser(hub, { organisation: 'winchester' });
    const never = await createUser(hub, { organisation: 'eastleigh' });
    await hub.dataSource.query('UPDATE users SET last_sign_in_at = $2, created_at = $3 WHERE id = $1', [idle.id, ago(120), ago(300)]);
    await hub.dataSource.query('UPDATE users SET created_at = $2 WHERE id = $1', [never.id, ago(100)]);
    // Everybody else (including accounts made by the app at boot) counts as active here.
    await hub.dataSource.query('UPDATE users SET last_sign_in_at = now() WHERE id NOT IN ($1, $2)', [idle.id, never.id]);

    const grant = (userId: string | null, over: { startsAt?: Date; endsAt?: Date; organisation?: string } = {}) =>
      createGrant(hub, dataset, { userId: userId ?? undefined, organisation: over.organisation ?? (userId ? 'winchester' : undefined), level: AccessLevel.Aggregate, areas: [W], startsAt: over.startsAt ?? ago(150), endsAt: over.endsAt ?? ahead(200) });
    g.fresh = await grant(active.user.id);
    g.stale = await grant(active.user.id);
    g.orgNever = await grant(null, { organisation: 'havant', startsAt: ago(120) });
    g.ending = await grant(active.user.id, { endsAt: ahead(10) });
    g.idle = await grant(idle.id);
    g.revoked = await grant(active.user.id);
    g.expired = await grant(active.user.id, { startsAt: ago(100), endsAt: ago(1) });
    const setUsed = (id: string, at: Date) => hub.dataSource.query('UPDATE access_grants SET last_used_at = $2 WHERE id = $1', [id, at]);
    await setUsed(g.fresh.id, ago(1));
    await setUsed(g.stale.id, ago(100));
    await setUsed(g.ending.id, ago(2));
    await setUsed(g.idle.id, ago(10));
    await hub.dataSource.query("UPDATE access_grants SET revoked_at = now(), revoked_reason = 'seed' WHERE id = $1", [g.revoked.id]);

    const agreement = await hub
      .http()
      .post('/api/governance/agreements')
      .set('Authorization', `Bearer ${imb}`)
      .send({ title: 'Review agreement', purpose: 'Testing the review', lawfulBasis: 'Crime and Disorder Act 1998 s115', parties: ['hiow-constabulary', 'winchester'], datasets: ['police-review'], startsAt: ago(30).toISOString(), reviewAt: ahead(30).toISOString(), endsAt: ahead(60).toISOString() })
      .expect(201);
    agreementEnd = new Date(agreement.body.endsAt);
    const grants = hub.app.get(GrantsService);
    g.agreed = await hub.dataSource.transaction((em) =>
      grants.issue(
        em,
        { datasetId: dataset.id, granteeOrganisationId: null, granteeUserId: active.user.id, level: AccessLevel.Record, areas: [W], purpose: 'Under agreement', startsAt: ago(5), endsAt: ahead(50), createdBy: null, agreementId: agreement.body.id, approvals: [{ userId: 'x', email: 'approver@test.csp-hub.test', at: ago(5).toISOString() }] },
        null,
        null,
      ),
    );
    await hub.dataSource.query('UPDATE access_grants SET last_used_at = $2 WHERE id = $1', [g.agreed.id, ago(1)]);
  });
  afterAll(() => hub?.close());

  const get = (url: string, token = imb) => hub.http().get(url).set('Authorization', `Bearer ${token}`);
  const post = (url: string, body: object, token = imb) => hub.http().post(url).set('Authorization', `Bearer ${token}`).send(body);
  const flagged = (rows: { grantId: string; [k: string]: unknown }[], key: string) =>
    Object.entries(g)
      .filter(([, grant]) => rows.find((r) => r.grantId === grant.id)?.[key])
      .map(([name]) => name)
      .sort();

  it('reports every live grant with its figures and highlights', async () => {
    const { body } = await get('/api/governance/access-review').expect(200);
    expect(body.summary).toEqual({ grants: 6, live: 6, unused: 2, expiringSoon: 1, granteeInactive: 1, inactiveAccounts: 2 });
    expect(body.thresholds).toEqual({ unusedDays: 90, expiringDays: 30, inactiveDays: 90 });
    expect(flagged(body.grants, 'unused')).toEqual(['orgNever', 'stale']);
    expect(flagged(body.grants, 'expiringSoon')).toEqual(['ending']);
    expect(flagged(body.grants, 'granteeInactive')).toEqual(['idle']);
    expect(body.inactiveAccounts.map((a: { organisation: string; liveGrants: number }) => [a.organisation, a.liveGrants]).sort()).toEqual([['eastleigh', 0], ['winchester', 1]]);
    const agreed = body.grants.find((r: { grantId: string }) => r.grantId === g.agreed.id);
    expect(agreed).toMatchObject({ dataset: 'police-review', level: 'record', areas: [W], agreement: 'Review agreement', approvers: ['approver@test.csp-hub.test'], status: 'live' });
    const org = body.grants.find((r: { grantId: string }) => r.grantId === g.orgNever.id);
    expect(org).toMatchObject({ granteeOrganisation: 'havant', granteeUser: null, lastUsedAt: null });
    const viewed = await get('/api/audit/entries?action=access_review.viewed').expect(200);
    expect(viewed.body.entries[0].details).toEqual({ status: 'live', summary: body.summary });
  });

  it('includes ended grants when asked for all', async () => {
    const { body } = await get('/api/governance/access-review?status=all').expect(200);
    expect(body.summary).toMatchObject({ grants: 8, live: 6 });
    const status = (name: string) => body.grants.find((r: { grantId: string }) => r.grantId === g[name].id).status;
    expect([status('revoked'), status('expired')]).toEqual(['revoked', 'expired']);
  });

  it('exports the same review as CSV', async () => {
    const res = await get('/api/governance/access-review/export').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const [header, ...lines] = res.text.trim().split('\r\n');
    expect(header.split(',')).toEqual(expect.arrayContaining(['grant_id', 'grantee_user', 'dataset', 'level', 'areas', 'agreement', 'approvers', 'expires_at', 'last_used_at', 'unused', 'expiring_soon', 'grantee_inactive']));
    expect(lines).toHaveLength(6);
    const cols = header.split(',');
    const stale = lines.find((l) => l.startsWith(g.stale.id))!.split(',');
    expect(stale[cols.indexOf('unused')]).toBe('yes');
    expect(stale[cols.indexOf('expiring_soon')]).toBe('no');
    const audit = await get('/api/audit/entries?action=access_review.exported').expect(200);
    expect(audit.body.entries[0].details).toEqual({ status: 'live', grants: 6 });
  });

  it('is for the IMB only', async () => {
    expect((await get('/api/governance/access-review', analyst)).status).toBe(403);
    expect((await get('/api/governance/access-review/export', analyst)).status).toBe(403);
    expect((await post('/api/governance/access-review/recertify', { items: [{ grantId: g.fresh.id, action: 'end' }], reason: 'Nope' }, analyst)).status).toBe(403);
  });

  it('notifies grantees of grants ending soon, and the IMB of reviews coming due, once each', async () => {
    const first = await post('/api/governance/expiry-sweep', {}).expect(200);
    expect(first.body.count).toBe(2);
    const board = await get('/api/notifications').expect(200);
    expect(board.body.notifications.filter((n: { kind: string }) => n.kind === 'agreement_review_due')).toEqual([expect.objectContaining({ title: 'Agreement review due: Review agreement' })]);
    expect((await post('/api/governance/expiry-sweep', {}).expect(200)).body.count).toBe(0);
    const notices = await get('/api/notifications', analyst).expect(200);
    expect(notices.body.notifications.filter((n: { kind: string; targetId: string }) => n.kind === 'grant_expiring' && n.targetId === g.ending.id)).toHaveLength(1);
  });

  it('recertifies all or nothing: an extension past the agreement changes nothing', async () => {
    const res = await post('/api/governance/access-review/recertify', {
      items: [
        { grantId: g.ending.id, action: 'extend', until: ahead(100).toISOString() },
        { grantId: g.agreed.id, action: 'extend', until: new Date(agreementEnd.getTime() + DAY).toISOString() },
      ],
      reason: 'Quarterly access review',
    });
    expect([res.status, res.body.error.code]).toEqual([400, 'beyond_agreement']);
    const [ending] = await hub.dataSource.query('SELECT ends_at FROM access_grants WHERE id = $1', [g.ending.id]);
    expect(new Date(ending.ends_at).getTime()).toBe(g.ending.endsAt.getTime());
  });

  it('extends and ends grants in bulk, audited, and the review reflects it', async () => {
    const until = ahead(100).toISOString();
    const res = await post('/api/governance/access-review/recertify', {
      items: [
        { grantId: g.ending.id, action: 'extend', until },
        { grantId: g.stale.id, action: 'end' },
        { grantId: g.agreed.id, action: 'extend', until: agreementEnd.toISOString() },
      ],
      reason: 'Quarterly access review',
    }).expect(200);
    expect(res.body).toEqual({ extended: 2, ended: 1 });
    const { body } = await get('/api/governance/access-review').expect(200);
    expect(body.summary).toMatchObject({ live: 5, unused: 1, expiringSoon: 0 });
    const audit = await get('/api/audit/entries?action=access_review.recertified').expect(200);
    expect(audit.body.entries[0].details).toMatchObject({ extended: 2, ended: 1, reason: 'Quarterly access review' });
    const changes = await get('/api/audit/entries?action=grant.rescheduled').expect(200);
    expect(changes.body.entries.map((e: { targetId: string }) => e.targetId).sort()).toEqual([g.ending.id, g.agreed.id].sort());
    const ended = await post('/api/governance/access-review/recertify', { items: [{ grantId: g.stale.id, action: 'end' }], reason: 'Again' });
    expect([ended.status, ended.body.error.code]).toEqual([409, 'grant_not_live']);
    // A new end date re-arms the expiry notice for that grant only when it is near again.
    expect((await post('/api/governance/expiry-sweep', {}).expect(200)).body.count).toBe(0);
  });
});
