import { AccessLevel } from '../../src/access/access-level.js';
import { Role } from '../../src/auth/role.js';
import { createDataset, type FactoryRow, times } from '../factories/dataset.factory.js';
import { createGrant } from '../factories/grant.factory.js';
import { signedInUser } from '../factories/user.factory.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

const G = 'E07000088';
const W = 'E07000094';
const asb = (district: string, month: string, n: number, category = 'Anti-social behaviour'): FactoryRow[] =>
  times(n, { month, district_code: district, district_name: district === G ? 'Gosport' : 'Winchester', category, category_group: 'Anti-social behaviour', source_org: 'hiow-constabulary', placement: 'lsoa' });

describe('saved views and dashboards over HTTP', () => {
  let hub: TestHub;
  let owner: { token: string; email: string; id: string };
  let colleague: { token: string; email: string };
  let stranger: { token: string; email: string };
  let gosport: { token: string; email: string };
  let operator: string;

  const as = (token: string) => ({
    get: (url: string) => hub.http().get(url).set('Authorization', `Bearer ${token}`),
    post: (url: string, body: object = {}) => hub.http().post(url).set('Authorization', `Bearer ${token}`).send(body),
    patch: (url: string, body: object) => hub.http().patch(url).set('Authorization', `Bearer ${token}`).send(body),
    delete: (url: string) => hub.http().delete(url).set('Authorization', `Bearer ${token}`),
  });
  const byDistrict = { dataset: 'vw-police', measures: ['count'], groupBy: ['district'] };
  const save = (token: string, body: object = {}) => as(token).post('/api/views', { title: 'ASB by district', query: byDistrict, chart: { type: 'bar', options: { by: 'district' } }, ...body });

  beforeAll(async () => {
    hub = await createTestHub();
    const police = await createDataset(hub, { slug: 'vw-police', rows: [...asb(G, '2025-03', 30), ...asb(G, '2025-04', 10, 'Noise'), ...asb(W, '2025-03', 20), ...asb(W, '2025-05', 7)] });
    // The police analyst owns the data (constabulary); Gosport may see records in Gosport only.
    const o = await signedInUser(hub, { organisation: 'hiow-constabulary' });
    owner = { token: o.token, email: o.user.email, id: o.user.id };
    const c = await signedInUser(hub, { organisation: 'hiow-constabulary' });
    colleague = { token: c.token, email: c.user.email };
    const s = await signedInUser(hub, { organisation: 'winchester' });
    stranger = { token: s.token, email: s.user.email };
    const g = await signedInUser(hub, { organisation: 'gosport' });
    gosport = { token: g.token, email: g.user.email };
    operator = (await signedInUser(hub, { organisation: 'hiow-constabulary', roles: [Role.EtlOperator] })).token;
    await createGrant(hub, police, { organisation: 'gosport', level: AccessLevel.Record, areas: [G] });
  });
  afterAll(() => hub?.close());

  it('saves a private view that only its owner sees', async () => {
    const res = await save(owner.token).expect(201);
    expect(res.body).toMatchObject({ title: 'ASB by district', mine: true, sharing: { mode: 'private', users: [] }, chart: { type: 'bar', options: { by: 'district' } } });
    expect((await as(owner.token).get('/api/views').expect(200)).body.map((v: { id: string }) => v.id)).toContain(res.body.id);
    expect((await as(colleague.token).get('/api/views').expect(200)).body.map((v: { id: string }) => v.id)).not.toContain(res.body.id);
    await as(colleague.token).get(`/api/views/${res.body.id}`).expect(404);
    await as(colleague.token).post(`/api/views/${res.body.id}/run`).expect(404);
  });

  it('refuses a malformed question, unknown people and those without the permission', async () => {
    const bad = await save(owner.token, { query: { dataset: 'vw-police', groupBy: ['district; drop table'] } }).expect(400);
    expect(bad.body.error.code).toBe('invalid_query');
    const nobody = await save(owner.token, { sharing: { mode: 'users', users: ['nobody@nowhere.test'] } }).expect(400);
    expect(nobody.body.error).toMatchObject({ code: 'unknown_user' });
    expect(nobody.body.error.message).toContain('nobody@nowhere.test');
    await save(operator).expect(403);
  });

  it('shares with the organisation: colleagues see and run it, other organisations do not', async () => {
    const { body: view } = await save(owner.token, { sharing: { mode: 'organisation' } }).expect(201);
    const seen = await as(colleague.token).get(`/api/views/${view.id}`).expect(200);
    expect(seen.body).toMatchObject({ mine: false, owner: { email: owner.email }, sharing: { mode: 'organisation' } });
    await as(colleague.token).post(`/api/views/${view.id}/run`).expect(200);
    await as(stranger.token).get(`/api/views/${view.id}`).expect(404);
  });

  it('shares with named users only; only the owner sees who', async () => {
    const { body: view } = await save(owner.token, { sharing: { mode: 'users', users: [gosport.email.toUpperCase()] } }).expect(201);
    expect(view.sharing).toEqual({ mode: 'users', users: [gosport.email] });
    const seen = await as(gosport.token).get(`/api/views/${view.id}`).expect(200);
    expect(seen.body.sharing).toEqual({ mode: 'users', users: [] });
    await as(colleague.token).get(`/api/views/${view.id}`).expect(404);
  });

  it('lets only the owner change or delete a view, and audits changes', async () => {
    const { body: view } = await save(owner.token, { sharing: { mode: 'organisation' } }).expect(201);
    const refused = await as(colleague.token).patch(`/api/views/${view.id}`, { title: 'Mine now' }).expect(403);
    expect(refused.body.error.code).toBe('not_owner');
    await as(colleague.token).delete(`/api/views/${view.id}`).expect(403);
    await as(stranger.token).patch(`/api/views/${view.id}`, { title: 'x' }).expect(404);
    const renamed = await as(owner.token).patch(`/api/views/${view.id}`, { title: 'Renamed', sharing: { mode: 'private' } }).expect(200);
    expect(renamed.body).toMatchObject({ title: 'Renamed', sharing: { mode: 'private' } });
    await as(colleague.token).get(`/api/views/${view.id}`).expect(404);
    const audit = await hub.dataSource.query(`SELECT action FROM audit_log WHERE target_id = $1`, [view.id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['view.created', 'view.shared']));
    await as(owner.token).delete(`/api/views/${view.id}`).expect(204);
    await as(owner.token).get(`/api/views/${view.id}`).expect(404);
  });

  it('runs a shared view under the VIEWER\'s access: saving never grants data', async () => {
    const { body: view } = await save(owner.token, { sharing: { mode: 'users', users: [gosport.email, stranger.email] } }).expect(201);
    const mine = await as(owner.token).post(`/api/views/${view.id}/run`).set('Accept', 'application/json').expect(200);
    expect(mine.body.rows.map((r: { district_code: string }) => r.district_code).sort()).toEqual([G, W]);
    const theirs = await as(gosport.token).post(`/api/views/${view.id}/run`).set('Accept', 'application/json').expect(200);
    expect(theirs.body.rows).toEqual([expect.objectContaining({ district_code: G, count: 40 })]);
    // Winchester has no grant at all: the view is visible, its data is not.
    const none = await as(stranger.token).post(`/api/views/${view.id}/run`).expect(403);
    expect(none.body.error.code).toBe('no_access');
  });

  it('narrows a run with a cross-filter, intersecting the time range, and exports CSV', async () => {
    const { body: view } = await save(owner.token, { query: { ...byDistrict, timeRange: { from: '2025-01' } } }).expect(201);
    const filtered = await as(owner.token).post(`/api/views/${view.id}/run`, { filters: [{ field: 'category', op: 'eq', value: 'Noise' }] }).expect(200);
    expect(filtered.body.rows).toEqual([expect.objectContaining({ district_code: G, count: 10 })]);
    const ranged = await as(owner.token).post(`/api/views/${view.id}/run`, { timeRange: { from: '2024-01', to: '2025-04' } }).expect(200);
    expect(ranged.body.rows.map((r: { district_code: string; count: number }) => [r.district_code, r.count]).sort()).toEqual([[G, 40], [W, 20]]);
    await as(owner.token).post(`/api/views/${view.id}/run`, { timeRange: { from: 'last week' } }).expect(400);
    const csv = await as(owner.token).post(`/api/views/${view.id}/run`).set('Accept', 'text/csv').expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.split(/\r?\n/)[0]).toContain('district_code');
  });

  it('builds dashboards from visible views; sharing a dashboard shares its owner\'s views on it', async () => {
    const { body: a } = await save(owner.token).expect(201);
    const { body: b } = await save(owner.token, { title: 'Trend', query: { dataset: 'vw-police', groupBy: ['month'] }, chart: { type: 'line' } }).expect(201);
    const { body: foreign } = await save(stranger.token).expect(201);
    const refused = await as(owner.token).post('/api/dashboards', { title: 'Board', layout: [{ viewId: foreign.id, width: 2 }] }).expect(400);
    expect(refused.body.error.code).toBe('view_not_found');
    const { body: board } = await as(owner.token).post('/api/dashboards', { title: 'Board', layout: [{ viewId: a.id, width: 2 }, { viewId: b.id, width: 4 }], sharing: { mode: 'users', users: [gosport.email] } }).expect(201);
    expect(board.layout.map((t: { view: { title: string } }) => t.view.title)).toEqual(['ASB by district', 'Trend']);
    const seen = await as(gosport.token).get(`/api/dashboards/${board.id}`).expect(200);
    expect(seen.body.layout.map((t: { width: number; view: { id: string } }) => [t.view.id, t.width])).toEqual([[a.id, 2], [b.id, 4]]);
    await as(gosport.token).post(`/api/views/${a.id}/run`).expect(200);
    expect((await as(gosport.token).get('/api/dashboards').expect(200)).body.map((d: { id: string }) => d.id)).toContain(board.id);
    await as(colleague.token).get(`/api/dashboards/${board.id}`).expect(404);
    await as(gosport.token).patch(`/api/dashboards/${board.id}`, { title: 'Mine' }).expect(403);
    await as(owner.token).post('/api/dashboards', { title: 'Bad', layout: [{ viewId: a.id, width: 5 }] }).expect(400);

    // Deleting a view takes it off the dashboard.
    await as(owner.token).delete(`/api/views/${b.id}`).expect(204);
    const after = await as(owner.token).get(`/api/dashboards/${board.id}`).expect(200);
    expect(after.body.layout.map((t: { viewId: string }) => t.viewId)).toEqual([a.id]);
    await as(owner.token).delete(`/api/dashboards/${board.id}`).expect(204);
    await as(gosport.token).post(`/api/views/${a.id}/run`).expect(404);
  });
});
