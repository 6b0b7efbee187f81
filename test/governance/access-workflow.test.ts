import { Role } from '../../src/auth/role.js';
import { Sensitivity } from '../../domain/dataset-schema.js';
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
  const id: Record<string, string> = {};
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
      policeOwnerAndImb: { roles: [Role.DataOwner, Role.Imb], organisation: 'hiow-constabulary' },
    };
    for (const [name, options] of Object.entries(people)) {
      const { user, token } = await signedInUser(hub, options);
      t[name] = token;
      email[name] = user.email;
      id[name] = user.id;
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

    it('hold parties, purpose, lawful basis, datasets, dates and status, and are audited', async () => {
      const { body } = await as('imb').get(`/api/governance/agreements/${agreementId}`).expect(200);
      expect(body).toMatchObject({
        title: 'Winchester ASB partnership agreement',
        purpose: 'Tackling repeat ASB in Winchester district',
        lawfulBasis: 'Crime and Disorder Act 1998 s115; UK GDPR Art 6(1)(e)',
        status: 'active',
        inForce: true,
        reviewDue: false,
      });
      expect(body.parties.map((p: { slug: string }) => p.slug).sort()).toEqual(['hiow-constabulary', 'opcc', 'winchester']);
      expect(body.datasets.map((d: { slug: string }) => d.slug)).toEqual(['police-gov', 'police-cases']);
      expect(Date.parse(body.reviewAt)).toBeLessThan(Date.parse(body.endsAt));
      const trail = await as('imb').get('/api/audit/entries?action=agreement.created').expect(200);
      expect(trail.body.entries.map((e: { targetId: string; actorEmail: string }) => [e.targetId, e.actorEmail])).toContainEqual([agreementId, email.imb]);
    });

    it('explain bad input in plain words and store nothing', async () => {
      const before = (await as('imb').get('/api/governance/agreements').expect(200)).body.length;
      const res = await as('imb').post('/api/governance/agreements', { title: 'x', parties: ['opcc'], datasets: [], startsAt: 'soon', reviewAt: future(1), endsAt: future(2) });
      expect([res.status, res.body.error.code]).toEqual([400, 'invalid_request']);
      for (const words of ['Give a title of 3 to 200 characters', 'what the sharing is for', 'Name the lawful basis', 'at least two parties', 'Name at least one dataset', 'startsAt must be a date like']) {
        expect(res.body.error.message).toContain(words);
      }
      const unknown = await as('imb').post('/api/governance/agreements', { title: 'Unknown data', purpose: 'Testing', lawfulBasis: 's115', parties: ['winchester', 'opcc'], datasets: ['no-such-data'], startsAt: future(-1), reviewAt: future(1), endsAt: future(2) });
      expect([unknown.status, unknown.body.error.message]).toEqual([400, 'There is no dataset "no-such-data".']);
      const backwards = await as('imb').post('/api/governance/agreements', { title: 'Backwards', purpose: 'Testing', lawfulBasis: 's115', parties: ['hiow-constabulary', 'opcc'], datasets: ['police-gov'], startsAt: future(5), reviewAt: future(5), endsAt: future(1) });
      expect([backwards.status, backwards.body.error.message]).toEqual([400, 'The end date must be after the start date.']);
      expect((await as('imb').get('/api/governance/agreements').expect(200)).body).toHaveLength(before);
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

    expect((await query('analyst', 'police-gov').expect(200)).body.meta.cached).toBe(true);
    const live = await as('imb').get('/api/governance/access-review').expect(200);
    expect(live.body.grants.find((r: { grantId: string }) => r.grantId === grantId)).toMatchObject({ status: 'live', granteeUser: email.analyst, dataset: 'police-gov', level: 'record', agreement: 'Winchester ASB partnership agreement', approvers: [email.ownerPolice], lastUsedAt: expect.any(String) });

    // The end date arrives: the very next question is refused, though its answer is in the cache.
    await setGrantPeriod(grantId, new Date(Date.now() - 2 * DAY), new Date(Date.now() - 1000));
    const expired = await query('analyst', 'police-gov');
    expect([expired.status, expired.body.error?.code]).toEqual([403, 'no_access']);
    const review = await as('imb').get('/api/governance/access-review?status=all').expect(200);
    expect(review.body.grants.find((r: { grantId: string }) => r.grantId === grantId).status).toBe('expired');
    expect((await as('imb').get('/api/governance/access-review').expect(200)).body.grants.map((r: { grantId: string }) => r.grantId)).not.toContain(grantId);

    const trail = await as('imb').get(`/api/audit/entries?action=access_request.*&actor=${encodeURIComponent(email.ownerPolice)}`).expect(200);
    expect(trail.body.entries.map((e: { action: string; targetId: string }) => [e.action, e.targetId])).toEqual([['access_request.approved', created.body.id]]);
  });

  it('refuses requests that do not fit, saying why, and stores none', async () => {
    const before = (await as('portsmouth').get('/api/governance/access-requests').expect(200)).body.length;
    const bad = await as('portsmouth').post('/api/governance/access-requests', { dataset: 'Police!', level: 'everything', areas: [], purpose: 'short', agreementId: 'x', until: 'tomorrow' });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_request']);
    for (const words of ['Give the dataset by its slug', 'level must be aggregate, record or identifiable', 'Give at least one area', 'Say in 10 to 1000 characters', 'agreementId must be an agreement id', 'until must be a date like']) {
      expect(bad.body.error.message).toContain(words);
    }
    const cases: [string, object, number, string][] = [
      ['portsmouth', {}, 404, 'agreement_not_found'],
      ['ownerPolice', { dataset: 'police-gov' }, 400, 'own_dataset'],
      ['portsmouth', { dataset: 'no-such-data' }, 404, 'dataset_not_found'],
      ['analyst', { dataset: 'gosport-asb' }, 400, 'agreement_mismatch'],
      ['analyst', { areas: ['E07000001'] }, 400, 'area_unknown'],
      ['analyst', { until: future(-1) }, 400, 'until_in_past'],
    ];
    for (const [who, over, status, code] of cases) {
      const res = await ask(who, over);
      expect([who, res.status, res.body.error?.code]).toEqual([who, status, code]);
      expect(res.body.error.message).toMatch(/^[A-Z].*\.$/);
    }
    expect((await as('portsmouth').get('/api/governance/access-requests').expect(200)).body).toHaveLength(before);
    const first = await ask('analyst2', { level: 'aggregate', dataset: 'police-gov' }).expect(201);
    const twice = await ask('analyst2', { level: 'aggregate', dataset: 'police-gov' });
    expect([twice.status, twice.body.error.code]).toEqual([409, 'request_pending']);
    await as('analyst2').post(`/api/governance/access-requests/${first.body.id}/withdraw`).expect(200);
  });

  it('refuses self-approval, whatever roles the requester holds', async () => {
    const created = await ask('ownerAndImb').expect(201);
    const res = await as('ownerAndImb').post(`/api/governance/access-requests/${created.body.id}/approve`, { note: 'I approve myself' });
    expect([res.status, res.body.error.code]).toEqual([403, 'self_approval']);
    expect((await as('ownerAndImb').get(`/api/governance/access-requests/${created.body.id}`).expect(200)).body).toMatchObject({ status: 'pending', decisions: [], canDecide: false });
    const refuse = await as('ownerAndImb').post(`/api/governance/access-requests/${created.body.id}/refuse`, { note: 'I refuse myself' });
    expect([refuse.status, refuse.body.error.code]).toEqual([403, 'self_approval']);
    expect((await as('analyst').post(`/api/governance/access-requests/${created.body.id}/approve`, { note: 'Not mine to approve' })).status).toBe(403);
    const decisions = await as('imb').get(`/api/audit/entries?action=access_request.*&actor=${id.ownerAndImb}`).expect(200);
    expect(decisions.body.entries.map((e: { action: string }) => e.action)).toEqual(['access_request.created']);
    const [{ n }] = await hub.dataSource.query('SELECT count(*)::int AS n FROM access_grants WHERE grantee_user_id = $1', [id.ownerAndImb]);
    expect(n).toBe(0);
    const approved = await as('imb').post(`/api/governance/access-requests/${created.body.id}/approve`, { note: 'Approved by the board' }).expect(200);
    expect(approved.body.decisions.map((d: { deciderEmail: string }) => d.deciderEmail)).toEqual([email.imb]);
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
    const [grant] = await hub.dataSource.query('SELECT approvals FROM access_grants WHERE id = $1', [second.body.grantId]);
    expect(grant.approvals.map((a: { email: string }) => a.email)).toEqual([email.imb, email.ownerPolice]);
  });

  it('counts one person once, even one holding both the data owner and IMB roles', async () => {
    const created = await ask('analyst', { dataset: 'police-cases', level: 'aggregate' }).expect(201);
    const id1 = created.body.id as string;
    const first = await as('policeOwnerAndImb').post(`/api/governance/access-requests/${id1}/approve`, { note: 'Owner and board member agrees' }).expect(200);
    expect(first.body).toMatchObject({ status: 'pending', awaiting: ['imb'], grantId: null, decisions: [{ capacity: 'data_owner' }] });
    const twice = await as('policeOwnerAndImb').post(`/api/governance/access-requests/${id1}/approve`, { note: 'And again as the board' });
    expect([twice.status, twice.body.error.code]).toEqual([409, 'already_decided']);
    expect((await query('analyst', 'police-cases')).status).toBe(403);
    const done = await as('imb2').post(`/api/governance/access-requests/${id1}/approve`, { note: 'Board agrees' }).expect(200);
    expect(done.body).toMatchObject({ status: 'approved', awaiting: [] });
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
    const pendingNotice = async (who: string) =>
      (await as(who).get('/api/notifications').expect(200)).body.notifications.find((n: { kind: string; targetId: string }) => n.kind === 'approval_pending' && n.targetId === created.body.id);
    expect(await pendingNotice('ownerPolice')).toMatchObject({ readAt: null });
    const withdrawn = await as('analyst').post(`/api/governance/access-requests/${created.body.id}/withdraw`).expect(200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', grantId: null, decidedAt: expect.any(String) });
    for (const who of ['ownerPolice', 'imb']) expect(await pendingNotice(who)).toMatchObject({ readAt: expect.any(String) });
    expect((await as('ownerPolice').get('/api/governance/owner/pending').expect(200)).body.requests.map((r: { id: string }) => r.id)).not.toContain(created.body.id);
    const late = await as('imb').post(`/api/governance/access-requests/${created.body.id}/approve`, { note: 'Too late now' });
    expect([late.status, late.body.error.code]).toEqual([409, 'request_not_pending']);
    const again = await as('analyst').post(`/api/governance/access-requests/${created.body.id}/withdraw`);
    expect([again.status, again.body.error.code]).toEqual([409, 'request_not_pending']);
    const trail = await as('imb').get(`/api/audit/entries?action=access_request.withdrawn&actor=${id.analyst}`).expect(200);
    expect(trail.body.entries.map((e: { targetId: string }) => e.targetId)).toEqual([created.body.id]);
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
    const trail = await as('imb').get(`/api/audit/entries?action=grant.revoked&actor=${encodeURIComponent(email.ownerPolice)}`).expect(200);
    expect(trail.body.entries.map((e: { targetId: string; details: { reason: string } }) => [e.targetId, e.details.reason])).toEqual([[body.grantId, 'Project closed early']]);
    const again = await as('imb').post(`/api/governance/grants/${body.grantId}/revoke`, { reason: 'Twice' });
    expect([again.status, again.body.error.code]).toEqual([409, 'grant_already_revoked']);
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

    const waiting = await ask('analyst2', { until: agreementEnd, level: 'aggregate' }).expect(201);
    const earlier = future(100);
    const changed = await as('imb').patch(`/api/governance/agreements/${agreementId}`, { endsAt: earlier, reviewAt: future(90), reason: 'Agreement shortened at review' }).expect(200);
    // Approved after the agreement was shortened: the grant ends with the agreement, not when asked.
    const late = await as('ownerPolice').post(`/api/governance/access-requests/${waiting.body.id}/approve`, { note: 'Approved' }).expect(200);
    const [lateGrant] = await hub.dataSource.query('SELECT ends_at FROM access_grants WHERE id = $1', [late.body.grantId]);
    expect(new Date(lateGrant.ends_at).toISOString()).toBe(new Date(earlier).toISOString());
    const told = (await as('analyst2').get('/api/notifications').expect(200)).body.notifications.find((n: { targetId: string; title: string }) => n.targetId === waiting.body.id && n.title.startsWith('Your access request was approved'));
    expect(told.body).toBe(`Access until ${new Date(earlier).toISOString().slice(0, 10)}, when its agreement now ends.`);
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

  it('ends the grants that fall outside an agreement when its parties narrow or it ends', async () => {
    const created = await as('imb').post('/api/governance/agreements', {
      title: 'South Hampshire ASB agreement',
      purpose: 'Cross-border ASB problem-solving',
      lawfulBasis: 'Crime and Disorder Act 1998 s115',
      parties: ['hiow-constabulary', 'winchester', 'portsmouth'],
      datasets: ['police-gov'],
      startsAt: future(-1),
      reviewAt: future(100),
      endsAt: future(200),
    }).expect(201);
    const agreement = created.body.id as string;
    const grantFor = async (who: string) => {
      const req = await ask(who, { agreementId: agreement, level: 'aggregate', areas: [G], purpose: 'Cross-border ASB problem-solving' }).expect(201);
      return (await as('ownerPolice').post(`/api/governance/access-requests/${req.body.id}/approve`, { note: 'Within the agreement' }).expect(200)).body.grantId as string;
    };
    const portsmouthGrant = await grantFor('portsmouth');
    const winchesterGrant = await grantFor('analyst2');
    await query('portsmouth', 'police-gov').expect(200);

    const narrowed = await as('imb').patch(`/api/governance/agreements/${agreement}`, { parties: ['hiow-constabulary', 'winchester'], reason: 'Portsmouth left the agreement' }).expect(200);
    expect(narrowed.body.grantsAffected).toBe(1);
    expect([(await query('portsmouth', 'police-gov')).status, (await query('analyst2', 'police-gov')).status]).toEqual([403, 200]);
    const notices = (await as('portsmouth').get('/api/notifications').expect(200)).body.notifications;
    expect(notices.find((n: { targetId: string }) => n.targetId === portsmouthGrant)).toMatchObject({ kind: 'grant_revoked', body: expect.stringContaining('Portsmouth left the agreement') });

    const ended = await as('imb').patch(`/api/governance/agreements/${agreement}`, { status: 'ended', reason: 'Agreement ended at review' }).expect(200);
    expect(ended.body).toMatchObject({ status: 'ended', inForce: false, grantsAffected: 1 });
    expect((await query('analyst2', 'police-gov')).status).toBe(403);
    const revoked = await hub.dataSource.query('SELECT id, revoked_reason FROM access_grants WHERE agreement_id = $1 ORDER BY revoked_reason', [agreement]);
    expect(revoked).toEqual([
      { id: winchesterGrant, revoked_reason: 'Agreement ended at review' },
      { id: portsmouthGrant, revoked_reason: 'Portsmouth left the agreement' },
    ]);
    const reopen = await as('imb').patch(`/api/governance/agreements/${agreement}`, { status: 'active' });
    expect([reopen.status, reopen.body.error.code]).toEqual([400, 'agreement_ended']);
    const trail = await as('imb').get(`/api/audit/entries?action=agreement.updated`).expect(200);
    expect(trail.body.entries.filter((e: { targetId: string }) => e.targetId === agreement).map((e: { details: { reason: string } }) => e.details.reason)).toEqual(['Agreement ended at review', 'Portsmouth left the agreement']);
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
    const looked = await as('imb').get(`/api/audit/entries?action=dataset_usage.viewed&actor=${id.ownerPolice}`).expect(200);
    expect(looked.body.entries[0].details).toMatchObject({ filters: {}, viewedDatasets: expect.arrayContaining(['police-gov', 'police-cases']), total: usage.body.total });
    expect((await as('analyst').get('/api/governance/owner/usage')).status).toBe(403);
  });

  it('gives the IMB a filtered, paged, exportable and verifiable audit trail', async () => {
    const page = await as('imb').get('/api/audit/entries?dataset=police-cases&pageSize=2').expect(200);
    expect(page.body.entries).toHaveLength(2);
    expect(page.body.total).toBeGreaterThan(2);
    const [{ id: casesId }] = await hub.dataSource.query(`SELECT id FROM datasets WHERE slug = 'police-cases'`);
    const aboutCases = (e: { targetId: string; details: Record<string, unknown> }) => e.targetId === casesId || JSON.stringify(e.details).includes(casesId) || JSON.stringify(e.details).includes('"police-cases"');
    const allCases = await as('imb').get('/api/audit/entries?dataset=police-cases&pageSize=200').expect(200);
    expect(allCases.body.entries.every(aboutCases)).toBe(true);
    expect(allCases.body.entries.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['access_request.created', 'access_request.approved', 'grant.created', 'query.run']));
    const orgFiltered = await as('imb').get('/api/audit/entries?organisation=gosport&action=access_request.approved').expect(200);
    expect(orgFiltered.body.entries).toEqual([]);
    const [{ id: winchesterId }] = await hub.dataSource.query(`SELECT id FROM organisations WHERE slug = 'winchester'`);
    const winchester = await as('imb').get('/api/audit/entries?organisation=winchester&action=access_request.created&pageSize=200').expect(200);
    expect(winchester.body.total).toBeGreaterThanOrEqual(5);
    expect(winchester.body.entries.every((e: { organisationId: string; action: string }) => e.organisationId === winchesterId && e.action === 'access_request.created')).toBe(true);
    const byId = await as('imb').get(`/api/audit/entries?actor=${id.analyst2}&pageSize=200`).expect(200);
    expect(byId.body.total).toBeGreaterThan(0);
    expect(byId.body.entries.every((e: { actorEmail: string }) => e.actorEmail === email.analyst2)).toBe(true);
    const future1 = await as('imb').get(`/api/audit/entries?from=${future(1)}`).expect(200);
    expect(future1.body.total).toBe(0);
    const window = await as('imb').get(`/api/audit/entries?from=${future(-1)}&to=${future(1)}&action=agreement.created`).expect(200);
    expect(window.body.total).toBe(2);
    const before = await as('imb').get(`/api/audit/entries?to=${future(-1)}`).expect(200);
    expect(before.body.total).toBe(0);
    const csv = await as('imb').get('/api/audit/entries/export?action=grant.*').expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toMatch(/^id,at,actor_id,actor_email/);
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.slice(1).every((l) => /,grant\.(created|revoked|rescheduled),/.test(l))).toBe(true);
    const exported = await as('imb').get('/api/audit/entries?action=audit.exported').expect(200);
    expect(exported.body.entries[0].details).toEqual({ filters: { action: 'grant.*' } });
    const viewed = await as('imb').get(`/api/audit/entries?action=audit.viewed&actor=${id.imb}&pageSize=200`).expect(200);
    expect(viewed.body.entries.map((e: { details: { filters: object } }) => e.details.filters)).toContainEqual({ dataset: 'police-cases' });
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
