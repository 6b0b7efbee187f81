import { Sensitivity } from '../../domain/dataset-schema.js';
import { Role } from '../../src/auth/role.js';
import { createDataset, times } from '../factories/dataset.factory.js';
import { signedInUser } from '../factories/user.factory.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

const W = 'E07000094';
const G = 'E07000088';
const DAY = 86_400_000;
const future = (days: number) => new Date(Date.now() + days * DAY).toISOString();

/** Partial approval, the request's detail, the deciders' count, bulk revocation and the review's filters, through HTTP. */
describe('partial approval, request detail, bulk revoke, review filters', () => {
  let hub: TestHub;
  const t: Record<string, string> = {};
  let agreementId: string;

  beforeAll(async () => {
    hub = await createTestHub({ SIGNIN_RATE_PER_MINUTE: '1000' });
    const rows = (d: string) => times(3, { month: '2025-03', district_code: d, category: 'Anti-social behaviour', category_group: 'Anti-social behaviour', source_org: 'hiow-constabulary', placement: 'lsoa' });
    const victim = { name: 'victim_name', type: 'text' as const, label: 'Victim name', personal: true, dimension: false };
    await createDataset(hub, { slug: 'police-partial', title: 'Police ASB incidents', rows: [...rows(W), ...rows(G)], extraColumns: [victim] });
    await createDataset(hub, { slug: 'police-both', title: 'Police cases', sensitivity: Sensitivity.OfficialSensitive, rows: rows(W) });
    const people = {
      analyst: { roles: [Role.Analyst], organisation: 'winchester' },
      imb: { roles: [Role.Imb], organisation: 'opcc' },
      ownerPolice: { roles: [Role.DataOwner], organisation: 'hiow-constabulary' },
      ownerGosport: { roles: [Role.DataOwner], organisation: 'gosport' },
    };
    for (const [name, options] of Object.entries(people)) t[name] = (await signedInUser(hub, options)).token;
    const agreement = await as('imb')
      .post('/api/governance/agreements')
      .send({ title: 'Partial approval agreement', purpose: 'ASB problem solving', lawfulBasis: 'Crime and Disorder Act 1998 s115', parties: ['hiow-constabulary', 'winchester', 'opcc'], datasets: ['police-partial', 'police-both'], startsAt: future(-1), reviewAt: future(90), endsAt: future(365) })
      .expect(201);
    agreementId = agreement.body.id;
  });
  afterAll(() => hub?.close());

  const as = (who: string) => ({
    get: (url: string) => hub.http().get(url).set('Authorization', `Bearer ${t[who]}`),
    post: (url: string) => hub.http().post(url).set('Authorization', `Bearer ${t[who]}`),
  });
  const ask = (dataset: string, level = 'record', areas = [W, G], days = 60) =>
    as('analyst').post('/api/governance/access-requests').send({ dataset, level, areas, purpose: 'Hotspot problem solving', agreementId, until: future(days) }).expect(201);
  const grantOf = async (id: string) => (await as('imb').get('/api/grants?status=all').expect(200)).body.find((g: { id: string }) => g.id === id);

  it('never approves more than asked: a higher level, other areas or a later end are refused with each named, and nothing is stored', async () => {
    const req = await ask('police-partial', 'record', [W]);
    const res = await as('ownerPolice').post(`/api/governance/access-requests/${req.body.id}/approve`).send({ note: 'Trying to widen', level: 'identifiable', areas: [W, G], until: future(90) });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('beyond_request');
    expect(res.body.error.message).toContain('The level cannot be higher than record');
    expect(res.body.error.message).toContain(`These areas were not asked for: ${G}`);
    expect(res.body.error.message).toContain('Access cannot last past');
    const after = await as('analyst').get(`/api/governance/access-requests/${req.body.id}`).expect(200);
    expect(after.body).toMatchObject({ status: 'pending', decisions: [], granted: null });
    await as('analyst').post(`/api/governance/access-requests/${req.body.id}/withdraw`).expect(200);
  });

  it('issues the grant on narrower terms; the requester sees what was granted and why', async () => {
    const req = await ask('police-partial', 'record', [W, G], 60);
    const until = future(20);
    const res = await as('ownerPolice')
      .post(`/api/governance/access-requests/${req.body.id}/approve`)
      .send({ note: 'Winchester only, counts are enough', level: 'aggregate', areas: [W], until })
      .expect(200);
    expect(res.body).toMatchObject({ status: 'approved', granted: { level: 'aggregate', areas: [W], until, partial: true } });
    expect(res.body.decisions[0]).toMatchObject({ grantedLevel: 'aggregate', grantedAreas: [W], grantedUntil: until });
    const grant = await grantOf(res.body.grantId);
    expect(grant).toMatchObject({ level: 'aggregate', areas: [W], endsAt: until });
    const notices = await as('analyst').get('/api/notifications').expect(200);
    const notice = notices.body.notifications.find((n: { title: string }) => n.title.startsWith('Your access request was approved in part'));
    expect(notice.body).toContain('aggregate access to E07000094');
    expect(notice.body).toContain('Winchester only, counts are enough');
    const audit = await as('imb').get(`/api/audit/entries?action=access_request.approved`).expect(200);
    expect(audit.body.entries.find((e: { targetId: string }) => e.targetId === req.body.id).details.granted).toEqual({ level: 'aggregate', areas: [W], until });
  });

  it('under two approvers the second cannot widen what the first narrowed, and may narrow further', async () => {
    const req = await ask('police-both', 'record', [W], 60);
    await as('ownerPolice').post(`/api/governance/access-requests/${req.body.id}/approve`).send({ note: 'Counts only', level: 'aggregate' }).expect(200);
    const wider = await as('imb').post(`/api/governance/access-requests/${req.body.id}/approve`).send({ note: 'Rows please', level: 'record' });
    expect(wider.status).toBe(400);
    expect(wider.body.error.message).toContain('cannot be higher than aggregate');
    const until = future(30);
    const done = await as('imb').post(`/api/governance/access-requests/${req.body.id}/approve`).send({ note: 'And a shorter time', until }).expect(200);
    expect(done.body.granted).toEqual({ level: 'aggregate', areas: [W], until, partial: true });
    expect(await grantOf(done.body.grantId)).toMatchObject({ level: 'aggregate', endsAt: until });
  });

  it('shows the request in full: columns with personal data marked, the data period, the agreement and the requester’s holdings', async () => {
    const req = await ask('police-partial', 'identifiable', [W], 40);
    const detail = await as('ownerPolice').get(`/api/governance/access-requests/${req.body.id}`).expect(200);
    expect(detail.body.columns.find((c: { name: string }) => c.name === 'victim_name')).toEqual({ name: 'victim_name', label: 'Victim name', personal: true, included: true });
    expect(detail.body.dataPeriod).toEqual({ from: '2025-03', to: '2025-03', limitedByMonth: false });
    expect(detail.body.agreement).toMatchObject({ id: agreementId, title: 'Partial approval agreement', lawfulBasis: 'Crime and Disorder Act 1998 s115', status: 'active' });
    expect(detail.body.holdings.map((h: { dataset: string; level: string }) => [h.dataset, h.level]).sort()).toEqual([
      ['police-both', 'aggregate'],
      ['police-partial', 'aggregate'],
    ]);
    expect((await as('ownerGosport').get(`/api/governance/access-requests/${req.body.id}`)).status).toBe(404);
    // Each capacity sees whether the other has looked: first views only, the requester's not counted.
    expect(detail.body.seenBy.map((v: { capacity: string }) => v.capacity)).toEqual(['data_owner']);
    await as('analyst').get(`/api/governance/access-requests/${req.body.id}`).expect(200);
    await as('ownerPolice').get(`/api/governance/access-requests/${req.body.id}`).expect(200);
    const imbView = await as('imb').get(`/api/governance/access-requests/${req.body.id}`).expect(200);
    expect(imbView.body.seenBy.map((v: { capacity: string }) => v.capacity)).toEqual(['data_owner', 'imb']);
    const seen = await as('imb').get('/api/audit/entries?action=access_request.seen').expect(200);
    expect(seen.body.entries.filter((e: { targetId: string }) => e.targetId === req.body.id)).toHaveLength(2);
    const record = await ask('police-both', 'record', [W], 40).catch(() => null);
    expect(record).not.toBeNull();
  });

  it('counts the decisions waiting for each decider', async () => {
    expect((await as('ownerPolice').get('/api/governance/access-requests/to-decide/count').expect(200)).body).toEqual({ count: 2 });
    expect((await as('imb').get('/api/governance/access-requests/to-decide/count').expect(200)).body).toEqual({ count: 2 });
    expect((await as('ownerGosport').get('/api/governance/access-requests/to-decide/count').expect(200)).body).toEqual({ count: 0 });
    expect((await as('analyst').get('/api/governance/access-requests/to-decide/count')).status).toBe(403);
  });

  it('filters, searches and sorts the access review', async () => {
    const all = await as('imb').get('/api/governance/access-review').expect(200);
    expect(all.body.matched).toBe(2);
    const one = await as('imb').get('/api/governance/access-review?q=police%20cases&sort=-expires').expect(200);
    expect(one.body.grants.map((g: { dataset: string }) => g.dataset)).toEqual(['police-both']);
    expect(one.body.summary.live).toBe(2);
    const sorted = await as('imb').get('/api/governance/access-review?level=aggregate&sort=-expires').expect(200);
    expect(sorted.body.grants.map((g: { dataset: string }) => g.dataset)).toEqual(['police-both', 'police-partial']);
    expect((await as('imb').get('/api/governance/access-review?sort=colour')).status).toBe(400);
    const csv = await as('imb').get('/api/governance/access-review/export?dataset=police-partial').expect(200);
    expect(csv.text.trim().split('\n')).toHaveLength(2);
    const audit = await as('imb').get('/api/audit/entries?action=access_review.viewed').expect(200);
    expect(audit.body.entries[0].details.filters).toEqual({ level: 'aggregate', sort: '-expires' });
  });

  it('revokes in bulk only where the caller may, all or nothing, each revocation audited', async () => {
    const live = (await as('imb').get('/api/governance/access-review').expect(200)).body.grants.map((g: { grantId: string }) => g.grantId);
    expect((await as('analyst').post('/api/governance/grants/revoke').send({ grantIds: live, reason: 'Not mine to end' })).status).toBe(403);
    const other = await as('ownerGosport').post('/api/governance/grants/revoke').send({ grantIds: live, reason: 'Not ours to end' });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('not_dataset_owner');
    expect((await as('imb').get('/api/governance/access-review').expect(200)).body.matched).toBe(2);
    expect((await as('imb').post('/api/governance/grants/revoke').send({ grantIds: [], reason: 'Nothing' })).status).toBe(400);

    const res = await as('ownerPolice').post('/api/governance/grants/revoke').send({ grantIds: live, reason: 'Project finished' }).expect(200);
    expect(res.body).toEqual({ revoked: 2 });
    expect((await as('imb').get('/api/governance/access-review').expect(200)).body.matched).toBe(0);
    const again = await as('imb').post('/api/governance/grants/revoke').send({ grantIds: live, reason: 'Twice' });
    expect(again.status).toBe(409);
    const revoked = await as('imb').get('/api/audit/entries?action=grant.revoked').expect(200);
    expect(revoked.body.entries.filter((e: { targetId: string }) => live.includes(e.targetId))).toHaveLength(2);
    const summary = await as('imb').get('/api/audit/entries?action=grants.revoked_in_bulk').expect(200);
    expect(summary.body.entries[0].details).toMatchObject({ revoked: 2, reason: 'Project finished' });
    const notices = await as('analyst').get('/api/notifications').expect(200);
    expect(notices.body.notifications.filter((n: { body: string }) => n.body === 'Project finished')).toHaveLength(2);
  });
});
