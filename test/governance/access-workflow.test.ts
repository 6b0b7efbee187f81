import { Role } from '../../src/auth/role.js';
import { Sensitivity } from '../../src/datasets/dataset-schema.js';
import { createDataset, times } from '../factories/dataset.factory.js';
import { signedInUser } from '../factories/user.factory.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

const W = 'E07000094';
const G = 'E07000088';
const DAY = 86_400_000;
const rows = (district: string, n: number) =>
  times(n, { month: '2025-03', district_code: district, district_name: district === W ? 'Winchester' : 'Gosport', category: 'Anti-social behaviour', category_group: 'Anti-social behaviour', source_org: 'hiow-constabulary', placement: 'lsoa' });
const future = (days: number) => new Date(Date.now() + days * DAY).toISOString();

describe('access governance workflow through HTTP', () => {
  let hub: TestHub;
  const t: Record<string, string> = {};
  const email: Record<string, string> = {};
  let agreementId: string;
  let agreementEnd: string;

  beforeAll(async () => {
    hub = await createTestHub({ SIGNIN_RATE_PER_MINUTE: '1000' });
    await createDataset(hub, { slug: 'police-gov', title: 'Police ASB', rows: [...rows(W, 20), ...rows(G, 30)] });
    await createDataset(hub, { slug: 'police-cases', title: 'Police cases', sensitivity: Sensitivity.OfficialSensitive, rows: [...rows(W, 8), ...rows(G, 6)] });
    await createDataset(hub, { slug: 'gosport-asb', owner: 'gosport', rows: rows(G, 10) });
    const people = {
      analyst: { roles: [Role.Analyst], organisation: 'winchester' },
      analyst2: { roles: [Role.Analyst], organisation: 'winchester' },
      portsmouth: { roles: [Role.Analyst], organisation: 'portsmouth' },
      ownerPolice: { roles: [Role.DataOwner], organisation: 'hiow-constabulary' },
      ownerGosport: { roles: [Role.DataOwner], organisation: 'gosport' },
      imb: { roles: [Role.Imb], organisation: 'opcc' },
      imb2: { roles: [Role.Imb], organisation: 'opcc' },
      ownerAndImb: { roles: [Role.DataOwner, Role.Imb], organisation: 'winchester' },
    };
    for (const [name, options] of Object.entries(people)) {
      const { user, token } = await signedInUser(hub, options);
      t[name] = token;
      email[name] = user.email;
    }
    const agreement = await as('imb').post('/api/governance/agreements', {
      title: 'Winchester ASB partnership agreement',
      purpose: 'Tackling repeat ASB in Winchester district',
      lawfulBasis: 'Crime and Disorder Act 1998 s115; UK GDPR Art 6(1)(e)',
      parties: ['hiow-constabulary', 'winchester', 'opcc'],
      datasets: ['police-gov', 'police-cases'],
      startsAt: new Date(Date.now() - DAY).toISOString(),
      reviewAt: future(180),
      endsAt: future(365),
    });
    expect(agreement.status).toBe(201);
    agreementId = agreement.body.id;
    agreementEnd = agreement.body.endsAt;
  });
  afterAll(() => hub?.close());

  function as(who: string) {
    const auth = (r: ReturnType<ReturnType<TestHub['http']>['get']>) => r.set('Authorization', `Bearer ${t[who]}`);
    return {
      get: (url: string) => auth(hub.http().get(url)),
      post: (url: string, body: object = {}) => auth(hub.http().post(url)).send(body),
      patch: (url: string, body: object) => auth(hub.http().patch(url)).send(body),
    };
  }
  const query = (who: string, dataset: string) => as(who).post('/api/query', { dataset, measures: ['count'], groupBy: ['district'] });
  const ask = (who: string, over: object = {}) =>
    as(who).post('/api/governance/access-requests', { dataset: 'police-gov', level: 'record', areas: [W], purpose: 'Problem-solving ASB hotspots in Winchester', agreementId, until: future(60), ...over });
  const setGrantPeriod = (id: string, startsAt: Date, endsAt: Date) =>
    hub.dataSource.query('UPDATE access_grants SET starts_at = $2, ends_at = $3 WHERE id = $1', [id, startsAt, endsAt]);

  describe('agreements', () => {
    it('are managed by the IMB only, and must name the dataset owners as parties', async () => {
      const body = { title: 'Gosport', purpose: 'Gosport data', lawfulBasis: 's115', parties: ['winchester', 'opcc'], datasets: ['gosport-asb'], startsAt: future(-1), reviewAt: future(10), endsAt: future(20) };
      expect((await as('analyst').post('/api/governance/agreements', body)).status).toBe(403);
      expect((await as('ownerPolice').post('/api/governance/agreements', body)).status).toBe(403);
      const res = await as('imb').post('/api/governance/agreements', body);
      expect([res.status, res.body.error.code]).toEqual([400, 'dataset_owner_not_party']);
      const dates = await as('imb').post('/api/governance/agreements', { ...body, parties: ['gosport', 'opcc'], reviewAt: future(30) });
      expect([dates.status, dates.body.error.code]).toEqual([400, 'agreement_review_invalid']);
    });

    it('are visible to parties and hidden from others', async () => {
      const mine = await as('analyst').get('/api/governance/agreements').expect(200);
      expect(mine.body.map((a: { id: string }) => a.id)).toContain(agreementId);
      expect(mine.body[0]).toMatchObject({ lawfulBasis: expect.stringContaining('s115'), inForce: true, status: 'active' });
      expect((await as('portsmouth').get('/api/governance/agreements').expect(200)).body).toEqual([]);
      expect((await as('portsmouth').get(`/api/governance/agreements/${agreementId}`)).status).toBe(404);
    });
  });

  it('request → approve → query → expire', async () => {
    expect((await query('analyst', 'police-gov')).status).toBe(403);
    const created = await ask('analyst').expect(201);
    expect(created.body).toMatchObject({ status: 'pending', approvalRule: 'either', awaiting: ['data_owner', 'imb'], grantId: null, requesterEmail: email.analyst });

    const pending = await as('ownerPolice').get('/api/governance/owner/pending').expect(200);
    expect(pending.body.requests.map((r: { id: string }) => r.id)).toContain(created.body.id);
    const notices = await as('ownerPolice').get('/api/notifications?unread=true').expect(200);
    expect(notices.body.notifications.some((n: { kind: string; targetId: string }) => n.kind === 'approval_pending' && n.targetId === created.body.id)).toBe(true);
    expect((await as('ownerGosport').get('/api/governance/owner/pending').expect(200)).body.requests).toEqual([]);

    const approved = await as('ownerPolice').post(`/api/governance/access-requests/${created.body.id}/approve`, { note: 'Fits the agreement purpose' }).expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', awaiting: [], decisions: [{ capacity: 'data_owner', outcome: 'approved', note: 'Fits the agreement purpose' }] });
    const grantId = approved.body.grantId as string;
    expect(grantId).toEqual(expect.any(String));

    const answer = await query('analyst', 'police-gov').expect(200);
    expect(answer.body.rows).toEqual([{ district_code: W, district_name: 'Winchester', count: 20 }]);
    const [grant] = await hub.dataSource.query('SELECT agreement_id, grantee_user_id, level, areas, approvals, ends_at FROM access_grants WHERE id = $1', [grantId]);
    expect(grant).toMatchObject({ agreement_id: agreementId, level: 'record', areas: [W] });
    expect(grant.approvals).toEqual([expect.objectContaining({ email: email.ownerPolice, note: 'Fits the agreement purpose' })]);
    const settled = await as('imb').get('/api/notifications').expect(200);
    expect(settled.body.notifications.find((n: { targetId: string }) => n.targetId === created.body.id)).toMatchObject({ kind: 'approval_pending', readAt: expect.any(String) });
    const decided = await as('analyst').get('/api/notifications').expect(200);
    expect(decided.body.notifications.some((n: { kind: string }) => n.kind === 'request_decided')).toBe(true);

    await setGrantPeriod(grantId, new Date(Date.now() - 2 * DAY), new Date(Date.now() - 1000));
    const expired = await query('analyst', 'police-gov');
    expect([expired.status, expired.body.error?.code]).toEqual([403, 'no_access']);

    const trail = await as('imb').get(`/api/audit/entries?action=access_request.*&actor=${encodeURIComponent(email.ownerPolice)}`).expect(200);
    expect(trail.body.entries.map((e: { action: string; targetId: string }) => [e.action, e.targetId])).toEqual([['access_request.approved', created.body.id]]);
  });

  it('refuses self-approval, whatever roles the requester holds', async () => {
    const created = await ask('ownerAndImb').expect(201);
    const res = await as('ownerAndImb').post(`/api/governance/access-requests/${created.body.id}/approve`, { note: 'I approve myself' });
    expect([res.status, res.body.error.code]).toEqual([403, 'self_approval']);
    expect((await as('ownerAndImb').get(`/api/governance/access-requests/${created.body.id}`).expect(200)).body).toMatchObject({ status: 'pending', decisions: [], canDecide: false });
    expect((await as('analyst').post(`/api/governance/access-requests/${created.body.id}/approve`, { note: 'Not mine to approve' })).status).toBe(403);
    await as('imb').post(`/api/governance/access-requests/${created.body.id}/approve`, { note: 'Approved by the board' }).expect(200);
  });

  it('needs both the data owner and the IMB for OFFICIAL-SENSITIVE data', async () => {
    const created = await ask('analyst2', { dataset: 'police-cases' }).expect(201);
    expect(created.body).toMatchObject({ approvalRule: 'both', awaiting: ['data_owner', 'imb'], sensitivity: 'OFFICIAL-SENSITIVE' });
    const id = created.body.id as string;
    const first = await as('imb').post(`/api/governance/access-requests/${id}/approve`, { note: 'Board agrees' }).expect(200);
    expect(first.body).toMatchObject({ status: 'pending', awaiting: ['data_owner'], grantId: null });
    expect((await query('analyst2', 'police-cases')).status).toBe(403);

    const again = await as('imb2').post(`/api/governance/access-requests/${id}/approve`, { note: 'Me too' });
    expect([again.status, again.body.error.code]).toEqual([409, 'approval_already_given']);
    const stranger = await as('ownerGosport').post(`/api/governance/access-requests/${id}/approve`, { note: 'Not my data' });
    expect([stranger.status, stranger.body.error.code]).toEqual([403, 'not_an_approver']);

    const second = await as('ownerPolice').post(`/api/governance/access-requests/${id}/approve`, { note: 'Owner agrees' }).expect(200);
    expect(second.body).toMatchObject({ status: 'approved', awaiting: [] });
    expect(second.body.decisions.map((d: { capacity: string }) => d.capacity)).toEqual(['imb', 'data_owner']);
    expect((await query('analyst2', 'police-cases').expect(200)).body.rows).toEqual([{ district_code: W, district_name: 'Winchester', count: 8 }]);
  });

  it('records refusals with their note, and then closes the request', async () => {
    const created = await ask('analyst', { level: 'identifiable' }).expect(201);
    const refused = await as('ownerPolice').post(`/api/governance/access-requests/${created.body.id}/refuse`, { note: 'Identifiable data is not needed for this purpose' }).expect(200);
    expect(refused.body).toMatchObject({ status: 'refused', decisions: [{ outcome: 'refused', note: 'Identifiable data is not needed for this purpose' }] });
    const late = await as('imb').post(`/api/governance/access-requests/${created.body.id}/approve`, { note: 'Too late' });
    expect([late.status, late.body.error.code]).toEqual([409, 'request_not_pending']);
  });

  it('lets only the requester withdraw a pending request', async () => {
    const created = await ask('analyst', { level: 'aggregate' }).expect(201);
    expect((await as('analyst2').post(`/api/governance/access-requests/${created.body.id}/withdraw`)).status).toBe(404);
    const withdrawn = await as('analyst').post(`/api/governance/access-requests/${created.body.id}/withdraw`).expect(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    const late = await as('imb').post(`/api/governance/access-requests/${created.body.id}/approve`, { note: 'Too late now' });
    expect([late.status, late.body.error.code]).toEqual([409, 'request_not_pending']);
  });

  it('makes revocation take effect on the next request, cached results included', async () => {
    const created = await ask('analyst', { areas: [G] }).expect(201);
    const { body } = await as('imb').post(`/api/governance/access-requests/${created.body.id}/approve`, { note: 'Approved for the stated purpose' }).expect(200);
    await query('analyst', 'police-gov').expect(200);
    expect((await query('analyst', 'police-gov').expect(200)).body.meta.cached).toBe(true);

    const stranger = await as('ownerGosport').post(`/api/governance/grants/${body.grantId}/revoke`, { reason: 'Not mine' });
    expect([stranger.status, stranger.body.error.code]).toEqual([403, 'not_dataset_owner']);
    await as('ownerPolice').post(`/api/governance/grants/${body.grantId}/revoke`, { reason: 'Project closed early' }).expect(204);
    const after = await query('analyst', 'police-gov');
    expect([after.status, after.body.error?.code]).toEqual([403, 'no_access']);
    const [grant] = await hub.dataSource.query('SELECT revoked_reason FROM access_grants WHERE id = $1', [body.grantId]);
    expect(grant.revoked_reason).toBe('Project closed early');
    const notices = await as('analyst').get('/api/notifications').expect(200);
    expect(notices.body.notifications.some((n: { kind: string; targetId: string }) => n.kind === 'grant_revoked' && n.targetId === body.grantId)).toBe(true);
  });

  it('never lets a grant outlive its agreement', async () => {
    const tooLong = await ask('analyst', { until: new Date(Date.parse(agreementEnd) + DAY).toISOString() });
    expect([tooLong.status, tooLong.body.error.code]).toEqual([400, 'beyond_agreement']);

    const created = await ask('analyst', { until: agreementEnd }).expect(201);
    const { body } = await as('imb').post(`/api/governance/access-requests/${created.body.id}/approve`, { note: 'Approved for the stated purpose' }).expect(200);
    const extend = await as('imb').post('/api/governance/access-review/recertify', { items: [{ grantId: body.grantId, action: 'extend', until: new Date(Date.parse(agreementEnd) + DAY).toISOString() }], reason: 'Quarterly review' });
    expect([extend.status, extend.body.error.code]).toEqual([400, 'beyond_agreement']);

    const earlier = future(100);
    const changed = await as('imb').patch(`/api/governance/agreements/${agreementId}`, { endsAt: earlier, reviewAt: future(90), reason: 'Agreement shortened at review' }).expect(200);
    expect(changed.body.grantsAffected).toBeGreaterThanOrEqual(1);
    const [grant] = await hub.dataSource.query('SELECT ends_at FROM access_grants WHERE id = $1', [body.grantId]);
    expect(new Date(grant.ends_at).toISOString()).toBe(new Date(earlier).toISOString());
    const [{ over }] = await hub.dataSource.query(
      `SELECT count(*)::int AS over FROM access_grants g JOIN sharing_agreements a ON a.id = g.agreement_id WHERE g.ends_at > a.ends_at AND g.revoked_at IS NULL`,
    );
    expect(over).toBe(0);

    await query('analyst', 'police-gov').expect(200);
    await as('imb').patch(`/api/governance/agreements/${agreementId}`, { status: 'suspended', reason: 'Breach under investigation' }).expect(200);
    const after = await query('analyst', 'police-gov');
    expect([after.status, after.body.error?.code]).toEqual([403, 'no_access']);
    const refused = await ask('analyst2');
    expect([refused.status, refused.body.error.code]).toEqual([400, 'agreement_mismatch']);
  });

  it("shows the data owner who used their datasets, when and how, and nobody else's", async () => {
    await as('ownerPolice').post('/api/query', { dataset: '*', measures: ['count'], groupBy: ['district'] }).expect(200);
    const usage = await as('ownerPolice').get('/api/governance/owner/usage').expect(200);
    const slugs = usage.body.datasets.map((d: { slug: string }) => d.slug);
    expect(slugs).toEqual(expect.arrayContaining(['police-cases', 'police-gov']));
    expect(slugs).not.toContain('gosport-asb');
    const analystUse = usage.body.byActor.find((a: { actorEmail: string; action: string }) => a.actorEmail === email.analyst && a.action === 'query.run');
    expect(analystUse).toMatchObject({ organisation: 'winchester', count: expect.any(Number) });
    expect(analystUse.count).toBeGreaterThanOrEqual(3);
    expect(usage.body.entries.every((e: { action: string }) => e.action.startsWith('query.'))).toBe(true);
    expect(usage.body.entries.some((e: { targetId: string; actorEmail: string }) => e.targetId === '*' && e.actorEmail === email.ownerPolice)).toBe(true);
    const gosport = await as('ownerGosport').get('/api/governance/owner/usage').expect(200);
    expect(gosport.body.total).toBe(0);
    expect((await as('ownerGosport').get('/api/governance/owner/usage?dataset=police-gov')).status).toBe(404);
    expect((await as('analyst').get('/api/governance/owner/usage')).status).toBe(403);
  });

  it('gives the IMB a filtered, paged, exportable and verifiable audit trail', async () => {
    const page = await as('imb').get('/api/audit/entries?dataset=police-cases&pageSize=2').expect(200);
    expect(page.body.entries).toHaveLength(2);
    expect(page.body.total).toBeGreaterThan(2);
    const orgFiltered = await as('imb').get('/api/audit/entries?organisation=gosport&action=access_request.approved').expect(200);
    expect(orgFiltered.body.entries).toEqual([]);
    const future1 = await as('imb').get(`/api/audit/entries?from=${future(1)}`).expect(200);
    expect(future1.body.total).toBe(0);
    const csv = await as('imb').get('/api/audit/entries/export?action=grant.*').expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toMatch(/^id,at,actor_id,actor_email/);
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.slice(1).every((l) => /,grant\.(created|revoked|rescheduled),/.test(l))).toBe(true);
    const exported = await as('imb').get('/api/audit/entries?action=audit.exported').expect(200);
    expect(exported.body.entries[0].details).toEqual({ filters: { action: 'grant.*' } });
    expect((await as('imb').get('/api/audit/verify').expect(200)).body.ok).toBe(true);
    expect((await as('analyst').get('/api/audit/entries')).status).toBe(403);
    expect((await as('imb').get('/api/audit/entries?action=DROP TABLE')).status).toBe(400);
  });

  it('documents every governance route in OpenAPI with its permission', async () => {
    const { body } = await hub.http().get('/api/docs/openapi.json').expect(200);
    const approve = body.paths['/api/governance/access-requests/{id}/approve'].post;
    expect(approve['x-permission']).toBe('access.approve');
    for (const path of ['/api/governance/agreements', '/api/governance/access-review', '/api/governance/owner/usage', '/api/notifications', '/api/audit/entries']) {
      expect(Object.keys(body.paths)).toContain(path);
    }
  });

  it('keeps notifications per user, with read and unread', async () => {
    const before = (await as('analyst').get('/api/notifications/unread-count').expect(200)).body.count;
    expect(before).toBeGreaterThan(0);
    const list = await as('analyst').get('/api/notifications?unread=true&pageSize=1').expect(200);
    const first = list.body.notifications[0].id as string;
    const someoneElses = (await as('analyst2').get('/api/notifications?unread=true').expect(200)).body.notifications[0].id as string;
    expect((await as('analyst').post('/api/notifications/read', { ids: [first, someoneElses] }).expect(200)).body.count).toBe(1);
    expect((await as('analyst').get('/api/notifications/unread-count')).body.count).toBe(before - 1);
    await as('analyst').post('/api/notifications/read-all').expect(200);
    expect((await as('analyst').get('/api/notifications/unread-count')).body.count).toBe(0);
    expect((await as('analyst2').get('/api/notifications?unread=true')).body.notifications.map((n: { id: string }) => n.id)).toContain(someoneElses);
  });
});
