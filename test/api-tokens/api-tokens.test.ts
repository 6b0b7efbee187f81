import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { curlExample } from '../../client/src/pages/api-token-example.js';
import { AccessLevel } from '../../src/access/access-level.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { Role } from '../../src/auth/role.js';
import { LoadQueue } from '../../src/ingest/load-queue.service.js';
import { createGrant } from '../factories/grant.factory.js';
import { signedInUser } from '../factories/user.factory.js';
import { CASES_HEADER, caseMapping, createMappedFeed, datasetRow, operator, writeFixture } from '../ingest/ingest-helpers.js';
import { concretePath, listRoutes } from '../support/routes.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

const W = 'E07000094';
const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString();
const bearer = (secret: string) => ({ Authorization: `Bearer ${secret}` });

describe('scoped API tokens', () => {
  let hub: TestHub;
  let admin: string;
  let owner: { token: string; id: string };
  let fireOwner: { token: string; id: string };
  let analyst: string;

  beforeAll(async () => {
    hub = await createTestHub();
    const op = await operator(hub);
    await createMappedFeed(hub, op.user, 'tok-feed', caseMapping());
    await createMappedFeed(hub, op.user, 'tok-other', caseMapping());
    admin = (await signedInUser(hub, { roles: [Role.Admin], organisation: 'opcc' })).token;
    const o = await signedInUser(hub, { roles: [Role.DataOwner], organisation: 'winchester' });
    owner = { token: o.token, id: o.user.id };
    const f = await signedInUser(hub, { roles: [Role.DataOwner], organisation: 'hiow-fire-rescue' });
    fireOwner = { token: f.token, id: f.user.id };
    analyst = (await signedInUser(hub, { roles: [Role.Analyst], organisation: 'winchester' })).token;
  });
  afterAll(() => hub?.close());

  const create = (session: string, body: Record<string, unknown>) =>
    hub.http().post('/api/api-tokens').set(bearer(session)).send({ name: 'Nightly case export', expiresAt: inDays(30), ...body });
  const feedToken = async (session = owner.token, feed = 'tok-feed') => {
    const res = await create(session, { kind: 'feed_upload', feed });
    expect(res.status).toBe(201);
    return res.body as { token: { id: string; prefix: string }; secret: string };
  };
  const upload = (secret: string, feed = 'tok-feed', name = 'cases.csv') =>
    hub
      .http()
      .post(`/api/feeds/${feed}/loads`)
      .set(bearer(secret))
      .attach('file', writeFixture(hub, name, [CASES_HEADER, 'T1,03/04/2024,Noise,Winchester,', 'T2,05/04/2024,Noise,Winchester,'].join('\n')));
  const auditActions = async (tokenId: string) => {
    await hub.app.get(AuditService).settled();
    const rows: { action: string; details: Record<string, unknown> }[] = await hub.dataSource.query(`SELECT action, details FROM audit_log WHERE target_id = $1 ORDER BY id`, [tokenId]);
    return rows;
  };

  it('is made by a data owner for their feed, shown once, and stored only as a hash', async () => {
    const { token, secret } = await feedToken();
    expect(secret).toMatch(/^csph_[A-Za-z0-9_-]{43}$/);
    expect(token.prefix).toBe(secret.slice(0, 11));
    const list = await hub.http().get('/api/api-tokens').set(bearer(owner.token)).expect(200);
    expect(list.body.find((t: { id: string }) => t.id === token.id)).toMatchObject({ kind: 'feed_upload', feed: 'tok-feed', status: 'active', lastUsedAt: null });
    expect(JSON.stringify(list.body)).not.toContain(secret);
    const [row] = await hub.dataSource.query(`SELECT * FROM api_tokens WHERE id = $1`, [token.id]);
    expect(row.token_hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(secret.slice(11));
    expect((await auditActions(token.id)).map((a) => a.action)).toEqual(['api_token.created']);
  });

  it('uploads a file to its feed like curl does, and reads that load’s result', async () => {
    const { token, secret } = await feedToken();
    const res = await upload(secret);
    expect(res.status).toBe(202);
    await hub.app.get(LoadQueue).whenIdle();
    const load = await hub.http().get(`/api/loads/${res.body.id}`).set(bearer(secret)).expect(200);
    expect(load.body).toMatchObject({ feed: 'tok-feed', status: 'succeeded', rowsLoaded: 2 });
    const loads = await hub.http().get('/api/loads').set(bearer(secret)).expect(200);
    expect(new Set(loads.body.map((l: { feed: string }) => l.feed))).toEqual(new Set(['tok-feed']));
    const listed = (await hub.http().get('/api/api-tokens').set(bearer(owner.token))).body.find((t: { id: string }) => t.id === token.id);
    expect(listed.lastUsedAt).not.toBeNull();
    const actions = await auditActions(token.id);
    expect(actions.filter((a) => a.action === 'api_token.used').map((a) => a.details.path)).toEqual([`/api/feeds/tok-feed/loads`, `/api/loads/${res.body.id}`, '/api/loads']);
    const [queued] = await hub.dataSource.query(`SELECT actor_id, details FROM audit_log WHERE action = 'load.queued' AND target_id = $1`, [res.body.id]);
    expect(queued).toMatchObject({ actor_id: owner.id, details: { apiToken: token.id } });
  });

  it('reaches nothing but its own feed: other feeds, their loads, queries and every other route are refused', async () => {
    const { token, secret } = await feedToken();
    const other = await upload((await feedToken(owner.token, 'tok-other')).secret, 'tok-other', 'other.csv');
    await hub.app.get(LoadQueue).whenIdle();
    expect((await upload(secret, 'tok-other')).body.error.code).toBe('token_wrong_feed');
    expect((await hub.http().get(`/api/loads/${other.body.id}`).set(bearer(secret))).body.error.code).toBe('token_wrong_feed');
    expect((await hub.http().get('/api/loads?feed=tok-other').set(bearer(secret))).body.error.code).toBe('token_wrong_feed');
    // The history page too, and a feed that does not exist answers the same: a token cannot probe for feeds.
    for (const feed of ['tok-other', 'no-such-feed', 'tok-feed']) {
      const res = await hub.http().get(`/api/loads/history?feed=${feed}`).set(bearer(secret));
      if (feed === 'tok-feed') expect(res.status).toBe(200);
      else expect([res.status, res.body.error.code]).toEqual([403, 'token_wrong_feed']);
    }
    const query = await hub.http().post('/api/query').set(bearer(secret)).send({ dataset: 'tok-feed-cases', measures: ['count'] });
    expect([query.status, query.body.error.code]).toEqual([403, 'token_not_allowed_here']);
    // Routes that admit feed tokens are pinned by the route snapshot (test/auth/route-access.test.ts).
    const routes = listRoutes(hub.app);
    expect(routes.filter((r) => r.apiToken === 'feed_upload').map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['POST /api/feeds/:slug/loads', 'GET /api/loads', 'GET /api/loads/:id']));
    const closed = routes.filter((r) => r.access !== 'public' && r.apiToken !== 'feed_upload');
    expect(closed.length).toBeGreaterThan(50);
    for (const r of closed) {
      const res = await hub.http()[r.method.toLowerCase() as 'get'](concretePath(r.path)).set(bearer(secret));
      expect({ route: `${r.method} ${r.path}`, status: res.status, code: res.body.error?.code }).toEqual({ route: `${r.method} ${r.path}`, status: 403, code: 'token_not_allowed_here' });
    }
    const refused = (await auditActions(token.id)).filter((a) => a.action === 'api_token.refused');
    // Every closed route, plus the other feed (upload, load, list, two history pages) and the query.
    expect(refused.length).toBe(closed.length + 6);
  });

  it('refuses malformed, unknown, expired and revoked tokens with a plain reason, and audits each', async () => {
    const malformed = await hub.http().get('/api/loads').set(bearer('csph_short'));
    expect([malformed.status, malformed.body.error.code]).toEqual([401, 'token_malformed']);
    const unknown = await hub.http().get('/api/loads').set(bearer(`csph_${'A'.repeat(43)}`));
    expect([unknown.status, unknown.body.error.code]).toEqual([401, 'token_unknown']);

    const expiring = await feedToken();
    await hub.dataSource.query(`UPDATE api_tokens SET expires_at = now() - interval '1 day' WHERE id = $1`, [expiring.token.id]);
    const expired = await upload(expiring.secret);
    expect([expired.status, expired.body.error.code]).toEqual([401, 'token_expired']);
    expect(expired.body.error.message).toMatch(/expired on \d{4}-\d{2}-\d{2}/);

    const revoking = await feedToken();
    await hub.http().get('/api/loads').set(bearer(revoking.secret)).expect(200);
    const revoked = await hub.http().post(`/api/api-tokens/${revoking.token.id}/revoke`).set(bearer(owner.token)).expect(200);
    expect(revoked.body.status).toBe('revoked');
    await hub.http().post(`/api/api-tokens/${revoking.token.id}/revoke`).set(bearer(admin)).expect(200);
    const after = await hub.http().get('/api/loads').set(bearer(revoking.secret));
    expect([after.status, after.body.error.code]).toEqual([401, 'token_revoked']);

    await hub.app.get(AuditService).settled();
    const refusals: { details: { code: string } }[] = await hub.dataSource.query(`SELECT details FROM audit_log WHERE action = 'api_token.refused' AND details->>'code' IN ('token_malformed', 'token_unknown', 'token_expired', 'token_revoked')`);
    expect(refusals.map((r) => r.details.code).sort()).toEqual(['token_expired', 'token_malformed', 'token_revoked', 'token_unknown']);
    expect((await auditActions(revoking.token.id)).filter((a) => a.action === 'api_token.revoked')).toHaveLength(1);
  });

  it('holds an address presenting unknown tokens to the sign-in rate (no audit flood), while known tokens still work', async () => {
    const before = await hub.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'api_token.refused'`);
    const limit = hub.config.auth.signInsPerMinutePerAddress;
    const codes: string[] = [];
    for (let i = 0; i < limit + 3; i++) codes.push((await hub.http().get('/api/loads').set(bearer(`csph_${String(i).padStart(43, 'x')}`))).body.error.code);
    expect(codes.slice(-3)).toEqual(['too_many_token_failures', 'too_many_token_failures', 'too_many_token_failures']);
    await hub.app.get(AuditService).settled();
    const after = await hub.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'api_token.refused'`);
    expect(after[0].n - before[0].n).toBeLessThanOrEqual(limit);
    const { secret } = await feedToken();
    await hub.http().get('/api/loads').set(bearer(secret)).expect(200);
  });

  it('stops working while its creator is disabled or has lost the data owner role', async () => {
    const o = await signedInUser(hub, { roles: [Role.DataOwner], organisation: 'winchester' });
    const { secret } = await feedToken(o.token);
    await hub.http().patch(`/api/users/${o.user.id}`).set(bearer(admin)).send({ disabled: true }).expect(200);
    expect((await hub.http().get('/api/loads').set(bearer(secret))).body.error.code).toBe('token_creator_disabled');
    await hub.http().patch(`/api/users/${o.user.id}`).set(bearer(admin)).send({ disabled: false }).expect(200);
    await hub.http().get('/api/loads').set(bearer(secret)).expect(200);
    await hub.http().patch(`/api/users/${o.user.id}`).set(bearer(admin)).send({ roles: [Role.Analyst] }).expect(200);
    const res = await hub.http().get('/api/loads').set(bearer(secret));
    expect([res.status, res.body.error.code]).toEqual([403, 'token_creator_lacks_rights']);
  });

  it('is not given by those without the right, nor for longer than the limit', async () => {
    expect((await create(analyst, { kind: 'feed_upload', feed: 'tok-feed' })).body.error.code).toBe('permission_required');
    expect((await create(fireOwner.token, { kind: 'feed_upload', feed: 'tok-feed' })).body.error.code).toBe('not_your_feed');
    expect((await create(admin, { kind: 'feed_upload', feed: 'tok-feed' })).status).toBe(201);
    const tooLong = await create(owner.token, { kind: 'feed_upload', feed: 'tok-feed', expiresAt: inDays(hub.config.auth.apiTokenMaxDays + 2) });
    expect([tooLong.status, tooLong.body.error.code]).toEqual([400, 'invalid_expiry']);
    expect((await create(owner.token, { kind: 'feed_upload', feed: 'tok-feed', expiresAt: inDays(-1) })).body.error.code).toBe('invalid_expiry');
    const lastDay = inDays(hub.config.auth.apiTokenMaxDays).slice(0, 10);
    expect((await create(owner.token, { kind: 'feed_upload', feed: 'tok-feed', expiresAt: lastDay })).status).toBe(201);
    expect((await create(owner.token, { kind: 'feed_upload', feed: 'tok-feed', expiresAt: undefined })).status).toBe(400);
    expect((await create(owner.token, { kind: 'feed_upload', dataset: 'tok-feed-cases' })).body.error.code).toBe('invalid_token_target');
    expect((await create(fireOwner.token, { kind: 'dataset_query', dataset: 'tok-feed-cases' })).body.error.code).toBe('no_access');
    const { secret } = await feedToken();
    expect((await create(secret, { kind: 'feed_upload', feed: 'tok-feed' })).body.error.code).toBe('token_not_allowed_here');
  });

  it('answers a query token at its creator’s current level, for its one dataset only', async () => {
    const dataset = await datasetRow(hub, 'tok-feed-cases');
    const recordGrant = await createGrant(hub, dataset, { organisation: 'hiow-fire-rescue', level: AccessLevel.Record, areas: [W] });
    const made = await create(fireOwner.token, { kind: 'dataset_query', dataset: 'tok-feed-cases', name: 'Fire BI tool' });
    expect(made.status).toBe(201);
    const { secret, token } = made.body as { secret: string; token: { id: string } };
    const ask = (body: Record<string, unknown>) => hub.http().post('/api/query').set(bearer(secret)).send(body);

    expect((await ask({ dataset: 'tok-feed-cases', measures: ['count'], groupBy: ['month'] })).status).toBe(200);
    expect((await ask({ dataset: 'tok-feed-cases', fields: ['case_ref'] })).status).toBe(200);
    await hub.http().get('/api/datasets/tok-feed-cases').set(bearer(secret)).expect(200);
    expect((await hub.http().get('/api/datasets/tok-other-cases').set(bearer(secret))).body.error.code).toBe('token_wrong_dataset');
    expect((await hub.http().get('/api/datasets').set(bearer(secret))).body.error.code).toBe('token_not_allowed_here');
    expect((await ask({ dataset: 'tok-other-cases', measures: ['count'] })).body.error.code).toBe('token_wrong_dataset');
    expect((await ask({ dataset: '*', measures: ['count'] })).body.error.code).toBe('token_wrong_dataset');
    expect((await upload(secret)).body.error.code).toBe('token_not_allowed_here');

    // Downgraded to counts: the token is limited with its creator.
    await hub.http().post(`/api/grants/${recordGrant.id}/revoke`).set(bearer(admin)).send({ reason: 'Counts are enough' }).expect(200);
    const aggregateGrant = await createGrant(hub, dataset, { organisation: 'hiow-fire-rescue', level: AccessLevel.Aggregate, areas: [W] });
    expect((await ask({ dataset: 'tok-feed-cases', fields: ['case_ref'] })).body.error.code).toBe('record_access_required');
    expect((await ask({ dataset: 'tok-feed-cases', measures: ['count'], groupBy: ['month'] })).status).toBe(200);

    // No grant left: the token is refused outright.
    await hub.http().post(`/api/grants/${aggregateGrant.id}/revoke`).set(bearer(admin)).send({ reason: 'Agreement ended' }).expect(200);
    const refused = await ask({ dataset: 'tok-feed-cases', measures: ['count'] });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'token_creator_no_access']);

    const actions = (await auditActions(token.id)).map((a) => a.action);
    // Admitted 7 times (3 then refused by the service), refused 4 times at the door.
    expect(actions.filter((a) => a === 'api_token.used')).toHaveLength(7);
    expect(actions.filter((a) => a === 'api_token.refused')).toHaveLength(7);
  });

  it('may be held below its creator’s level (counts only), and never given more than the creator has', async () => {
    expect((await create(fireOwner.token, { kind: 'dataset_query', dataset: 'tok-other-cases', level: 'aggregate' })).body.error.code).toBe('no_access');
    const dataset = await datasetRow(hub, 'tok-other-cases');
    await createGrant(hub, dataset, { organisation: 'hiow-fire-rescue', level: AccessLevel.Record, areas: [W] });
    const tooHigh = await create(fireOwner.token, { kind: 'dataset_query', dataset: 'tok-other-cases', level: 'identifiable' });
    expect([tooHigh.status, tooHigh.body.error.code]).toEqual([403, 'above_your_level']);
    expect((await create(owner.token, { kind: 'feed_upload', feed: 'tok-feed', level: 'aggregate' })).body.error.code).toBe('invalid_token_target');

    // The owner sees every row of its own dataset; its BI tool's token is held to counts.
    const counts = await create(owner.token, { kind: 'dataset_query', dataset: 'tok-other-cases', level: 'aggregate' });
    expect(counts.body.token.level).toBe('aggregate');
    const ask = (body: Record<string, unknown>) => hub.http().post('/api/query').set(bearer(counts.body.secret)).send({ dataset: 'tok-other-cases', ...body });
    expect((await ask({ measures: ['count'], groupBy: ['month'] })).status).toBe(200);
    expect((await ask({ fields: ['case_ref'] })).body.error.code).toBe('record_access_required');
    await hub.http().post('/api/query').set(bearer(owner.token)).send({ dataset: 'tok-other-cases', fields: ['case_ref'] }).expect(200);
  });

  it('works from the example the hub shows, run by a real shell and curl', async () => {
    await hub.app.listen(0, '127.0.0.1');
    const origin = `http://127.0.0.1:${(hub.app.getHttpServer().address() as AddressInfo).port}`;
    const job = path.join(hub.dir, 'partner-job');
    mkdirSync(job, { recursive: true });
    writeFileSync(path.join(job, 'export.csv'), [CASES_HEADER, 'C1,07/05/2024,Noise,Winchester,', 'C2,09/05/2024,Noise,Winchester,'].join('\n'));
    const run = async (example: string) => (await promisify(execFile)('bash', ['-c', example], { cwd: job })).stdout;

    const upload = await feedToken();
    const queued = JSON.parse(await run(curlExample({ secret: upload.secret, token: { kind: 'feed_upload', feed: 'tok-feed', dataset: null } }, origin)));
    expect(queued).toMatchObject({ feed: 'tok-feed', file: 'export.csv' });
    await hub.app.get(LoadQueue).whenIdle();

    const query = await create(owner.token, { kind: 'dataset_query', dataset: 'tok-feed-cases' });
    const csv = await run(curlExample({ secret: query.body.secret, token: { kind: 'dataset_query', feed: null, dataset: 'tok-feed-cases' } }, origin));
    expect(csv.split('\n')[0]).toMatch(/^month,count/);
    expect(csv).toContain('2024-05');
  });
});
