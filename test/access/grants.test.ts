import { AccessLevel } from '../../src/access/access-level.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { Role } from '../../src/auth/role.js';
import type { Dataset } from '../../src/datasets/dataset.entity.js';
import { Sensitivity } from '../../domain/dataset-schema.js';
import { appendRows, createDataset, times } from '../factories/dataset.factory.js';
import { createGrant } from '../factories/grant.factory.js';
import { signedInUser } from '../factories/user.factory.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

const W = 'E07000094';
const G = 'E07000088';
const DAY = 86_400_000;
const rows = (district: string, n: number) =>
  times(n, { month: '2025-03', district_code: district, district_name: district === W ? 'Winchester' : 'Gosport', category: 'Anti-social behaviour', category_group: 'Anti-social behaviour', source_org: 'hiow-constabulary', placement: 'lsoa' });

describe('access grants', () => {
  let hub: TestHub;
  let dataset: Dataset;
  let admin: string;
  let imb: string;
  let imbUser: string;
  let analystWinchester: string;
  let ownerPolice: string;
  let ownerGosport: string;

  beforeAll(async () => {
    hub = await createTestHub();
    dataset = await createDataset(hub, { slug: 'police-grants', rows: [...rows(W, 20), ...rows(G, 30)] });
    await createDataset(hub, { slug: 'gosport-asb', owner: 'gosport', rows: rows(G, 10) });
    [admin, imb, analystWinchester, ownerPolice, ownerGosport] = await Promise.all([
      signedInUser(hub, { roles: [Role.Admin], organisation: 'opcc' }).then((u) => u.token),
      signedInUser(hub, { roles: [Role.Imb], organisation: 'opcc' }).then((u) => ((imbUser = u.user.id), u.token)),
      signedInUser(hub, { organisation: 'winchester' }).then((u) => u.token),
      signedInUser(hub, { roles: [Role.DataOwner], organisation: 'hiow-constabulary' }).then((u) => u.token),
      signedInUser(hub, { roles: [Role.DataOwner], organisation: 'gosport' }).then((u) => u.token),
    ]);
  });
  afterAll(() => hub?.close());

  const as = (token: string) => ({
    post: (url: string, body: object) => hub.http().post(url).set('Authorization', `Bearer ${token}`).send(body),
    get: (url: string) => hub.http().get(url).set('Authorization', `Bearer ${token}`),
  });
  const countQuery = { dataset: 'police-grants', measures: ['count'], groupBy: ['district'] };
  const future = (days: number) => new Date(Date.now() + days * DAY).toISOString();

  it('lets an IMB member grant access directly, and nobody else', async () => {
    const body = { dataset: 'police-grants', granteeOrganisation: 'havant', level: 'record', areas: [W], purpose: 'ASB problem-solving in Winchester', endsAt: future(30) };
    const created = await as(imb).post('/api/grants', body).expect(201);
    expect(created.body).toMatchObject({ datasetSlug: 'police-grants', granteeOrganisationSlug: 'havant', level: 'record', areas: [W], status: 'live', revokedAt: null });
    await as(imb).post('/api/grants', { ...body, areas: ['all'] }).expect(201);
    for (const token of [analystWinchester, ownerPolice]) expect((await as(token).post('/api/grants', body)).status).toBe(403);
    // An administrator manages accounts, not access: they are not an approver under any rule.
    const byAdmin = await as(admin).post('/api/grants', body);
    expect([byAdmin.status, byAdmin.body.error.code]).toEqual([403, 'approval_required']);
    const [{ n }] = await hub.dataSource.query(`SELECT count(*)::int AS n FROM access_grants WHERE dataset_id = $1`, [dataset.id]);
    expect(n).toBe(2);
  });

  it('refuses direct grants that would bypass the approval rule or reach the granter', async () => {
    const cases = await createDataset(hub, { slug: 'police-cases-direct', sensitivity: Sensitivity.OfficialSensitive, rows: rows(W, 5) });
    const body = { dataset: cases.slug, granteeOrganisation: 'havant', level: 'identifiable', areas: [W], purpose: 'Case review', endsAt: future(30) };
    const sensitive = await as(imb).post('/api/grants', body);
    expect([sensitive.status, sensitive.body.error.code]).toEqual([403, 'approval_required']);
    expect(sensitive.body.error.message).toMatch(/both its data owner and the IMB/);
    const own = await as(imb).post('/api/grants', { ...body, dataset: 'police-grants', granteeOrganisation: 'opcc' });
    expect([own.status, own.body.error.code]).toEqual([403, 'self_grant']);
    const self = await as(imb).post('/api/grants', { ...body, dataset: 'police-grants', granteeOrganisation: undefined, granteeUserId: imbUser });
    expect([self.status, self.body.error.code]).toEqual([403, 'self_grant']);
    const [{ n }] = await hub.dataSource.query(`SELECT count(*)::int AS n FROM access_grants WHERE dataset_id = $1 OR grantee_user_id = $2`, [cases.id, imbUser]);
    expect(n).toBe(0);
  });

  it('refuses grants that make no sense, with a message', async () => {
    const base = { dataset: 'police-grants', granteeOrganisation: 'havant', level: 'aggregate', areas: [W], purpose: 'Testing refusals', endsAt: future(30) };
    const cases: [object, string][] = [
      [{ ...base, areas: ['E07000001'] }, 'area_unknown'],
      [{ ...base, endsAt: new Date(Date.now() - DAY).toISOString() }, 'grant_period_invalid'],
      [{ ...base, endsAt: future(5000) }, 'grant_period_too_long'],
      [{ ...base, granteeOrganisation: 'hiow-constabulary' }, 'grant_to_owner'],
      [{ ...base, granteeOrganisation: undefined }, 'grantee_required'],
      [{ ...base, level: 'everything' }, 'invalid_request'],
      [{ ...base, areas: ["E07000094'; DROP TABLE access_grants; --"] }, 'invalid_request'],
    ];
    for (const [body, code] of cases) {
      const res = await as(imb).post('/api/grants', body);
      expect([res.status, res.body.error.code]).toEqual([400, code]);
    }
    expect((await as(imb).post('/api/grants', { ...base, dataset: 'no-such-data' })).status).toBe(404);
  });

  it('shows data owners the grants on their own datasets only', async () => {
    const police = await as(ownerPolice).get('/api/grants').expect(200);
    expect(police.body.length).toBeGreaterThan(0);
    expect(police.body.every((g: { datasetSlug: string }) => g.datasetSlug === 'police-grants')).toBe(true);
    const gosport = await as(ownerGosport).get('/api/grants').expect(200);
    expect(gosport.body).toEqual([]);
    expect((await as(ownerGosport).get(`/api/grants/${police.body[0].id}`)).status).toBe(404);
    expect((await as(analystWinchester).get('/api/grants')).status).toBe(403);
  });

  it('gives no data through an expired or not-yet-started grant', async () => {
    const { user, token } = await signedInUser(hub, { organisation: 'rushmoor' });
    await createGrant(hub, dataset, { organisation: 'rushmoor', level: AccessLevel.Identifiable, areas: [W, G], startsAt: new Date(Date.now() - 60 * DAY), endsAt: new Date(Date.now() - DAY) });
    await createGrant(hub, dataset, { organisation: 'rushmoor', level: AccessLevel.Identifiable, areas: [W, G], startsAt: new Date(Date.now() + DAY), endsAt: new Date(Date.now() + 60 * DAY) });
    const res = await as(token).post('/api/query', countQuery);
    expect([res.status, res.body.error?.code]).toEqual([403, 'no_access']);
    await hub.app.get(AuditService).settled(); // query audit is written off the response path
    const refused = await hub.dataSource.query(`SELECT target_id, details FROM audit_log WHERE actor_id = $1 AND action = 'query.refused'`, [user.id]);
    expect(refused).toEqual([{ target_id: 'police-grants', details: { code: 'no_access', areas: null } }]);
    const catalogue = await as(token).get('/api/datasets/police-grants').expect(200);
    expect(catalogue.body.access.level).toBeNull();
  });

  it('stops a revoked grant on the very next request, cached answers included', async () => {
    const { token } = await signedInUser(hub, { organisation: 'hart' });
    const grant = (await as(imb).post('/api/grants', { dataset: 'police-grants', granteeOrganisation: 'hart', level: 'record', areas: [W], purpose: 'Joint patrol planning', endsAt: future(10) }).expect(201)).body;
    const first = await as(token).post('/api/query', countQuery).expect(200);
    expect(first.body.rows).toEqual([{ district_code: W, district_name: 'Winchester', count: 20 }]);
    const second = await as(token).post('/api/query', countQuery).expect(200);
    expect(second.body.meta.cached).toBe(true);
    const revoked = await as(admin).post(`/api/grants/${grant.id}/revoke`, { reason: 'Purpose fulfilled' }).expect(200);
    expect(revoked.body).toMatchObject({ status: 'revoked', revokedReason: 'Purpose fulfilled' });
    const after = await as(token).post('/api/query', countQuery);
    expect([after.status, after.body.error?.code]).toEqual([403, 'no_access']);
    expect((await as(admin).post(`/api/grants/${grant.id}/revoke`, { reason: 'Again' })).status).toBe(400);
    // The grantees are told, with the reason, as when the IMB revokes through governance.
    const notices = (await as(token).get('/api/notifications').expect(200)).body.notifications.filter((n: { kind: string; targetId: string }) => n.kind === 'grant_revoked' && n.targetId === grant.id);
    expect(notices).toEqual([expect.objectContaining({ title: `Your access to ${dataset.title} was revoked`, body: 'Purpose fulfilled' })]);
  });

  it('answers afresh after a load changes the dataset', async () => {
    const owner = as(ownerPolice);
    const before = await owner.post('/api/query', countQuery).expect(200);
    await owner.post('/api/query', countQuery).expect(200).then((r) => expect(r.body.meta.cached).toBe(true));
    await appendRows(hub, dataset, rows(W, 5));
    const after = await owner.post('/api/query', countQuery).expect(200);
    expect(after.body.meta.cached).toBe(false);
    const w = (r: { body: { rows: { district_code: string; count: number }[] } }) => r.body.rows.find((x) => x.district_code === W)?.count;
    expect(w(after)).toBe(w(before)! + 5);
  });

  it('audits every query with the normalised spec, rows, suppressed cells and duration', async () => {
    const { user, token } = await signedInUser(hub, { organisation: 'havant' });
    await as(token).post('/api/query', { ...countQuery, filters: [{ field: 'category', op: 'in', value: ['b', 'a', 'a'] }] }).expect(200);
    await as(token).post('/api/query', { ...countQuery, filters: [{ field: 'category', op: 'in', value: ['b', 'a', 'a'] }] }).expect(200);
    await hub.app.get(AuditService).settled(); // query audit is written off the response path
    const entries = await hub.dataSource.query(`SELECT action, target_id, details FROM audit_log WHERE actor_id = $1 AND action = 'query.run' ORDER BY id`, [user.id]);
    expect(entries).toHaveLength(2);
    expect(entries[0].target_id).toBe(dataset.id);
    expect(entries[0].details).toMatchObject({ level: 'record', rows: 0, suppressedCells: 0, cached: false, format: 'json' });
    expect(entries[0].details.spec.filters).toEqual([{ field: 'category', type: 'text', op: 'in', values: ['a', 'b'] }]);
    expect(typeof entries[0].details.durationMs).toBe('number');
    expect(entries[1].details.cached).toBe(true);
  });
});
