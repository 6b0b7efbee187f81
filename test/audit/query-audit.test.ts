import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { AuditService } from '../../src/audit/audit.service.js';
import { Role } from '../../src/auth/role.js';
import { createHub } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/app-config.js';
import { createDataset, times } from '../factories/dataset.factory.js';
import { createUser, signedInUser } from '../factories/user.factory.js';
import { provisionDatabase } from '../support/test-database.js';
import { createTestHub, TEST_PASSWORD, type TestHub } from '../support/test-hub.js';

const W = 'E07000094';
const G = 'E07000088';
const CATEGORIES = ['Burglary', 'Drugs', 'Shoplifting', 'Vehicle crime', 'Anti-social behaviour'];
const rows = CATEGORIES.flatMap((category, i) =>
  [W, G].flatMap((district) => times(10 + i, { month: '2025-03', district_code: district, district_name: district === W ? 'Winchester' : 'Gosport', category, category_group: 'Crime', source_org: 'hiow-constabulary', placement: 'lsoa' })),
);

/** Query audit is written off the response path; these prove nothing is lost or mis-chained by that. */
describe('query audit under concurrency', () => {
  let hub: TestHub;
  let imb: string;
  beforeAll(async () => {
    hub = await createTestHub();
    await createDataset(hub, { slug: 'police-audited', rows });
    ({ token: imb } = await signedInUser(hub, { roles: [Role.Imb], organisation: 'opcc' }));
  });
  afterAll(() => hub?.close());

  it('writes one chained entry per answered or refused question, however many arrive at once', async () => {
    const owners = await Promise.all([1, 2, 3].map(() => signedInUser(hub, { roles: [Role.Analyst], organisation: 'hiow-constabulary' })));
    const outsider = await signedInUser(hub, { organisation: 'hart' });
    const before = Number((await hub.dataSource.query(`SELECT count(*) AS n FROM audit_log`))[0].n);
    // Each question is different (its limit), some repeated to be answered from the cache.
    const asks = Array.from({ length: 90 }, (_, i) => ({ owner: owners[i % 3], limit: 1 + (i % 30) }));
    const accepts = ['application/vnd.apache.arrow.stream', 'application/json', 'text/csv'];
    const answered = await Promise.all(
      asks.map(({ owner, limit }, i) =>
        hub
          .http()
          .post('/api/query')
          .set('Authorization', `Bearer ${owner.token}`)
          .set('Accept', accepts[i % 3])
          .send({ dataset: 'police-audited', measures: ['count'], groupBy: ['category', 'district'], orderBy: ['category', 'district_code'], limit }),
      ),
    );
    const refused = await Promise.all(
      Array.from({ length: 10 }, () => hub.http().post('/api/query').set('Authorization', `Bearer ${outsider.token}`).send({ dataset: 'police-audited', measures: ['count'] })),
    );
    expect(answered.map((r) => [r.status, r.body?.error?.message])).toEqual(asks.map(() => [200, undefined]));
    expect(refused.map((r) => r.status)).toEqual(refused.map(() => 403));

    const verify = await hub.http().get('/api/audit/verify').set('Authorization', `Bearer ${imb}`).expect(200);
    const [{ n: after }] = await hub.dataSource.query(`SELECT count(*) AS n FROM audit_log`);
    expect(verify.body).toMatchObject({ ok: true, firstBreak: null, entriesChecked: Number(after) });
    expect(Number(after) - before).toBe(100);

    for (const owner of owners) {
      const entries: { details: { spec: { limit: number }; rows: number } }[] = await hub.dataSource.query(
        `SELECT details FROM audit_log WHERE actor_id = $1 AND action = 'query.run' ORDER BY id`,
        [owner.user.id],
      );
      const asked = asks.filter((a) => a.owner === owner).map((a) => a.limit);
      expect(entries.map((e) => e.details.spec.limit).sort((a, b) => a - b)).toEqual(asked.sort((a, b) => a - b));
      for (const e of entries) expect(e.details.rows).toBe(Math.min(e.details.spec.limit, 10));
    }
    const [{ n: refusals }] = await hub.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE actor_id = $1 AND action = 'query.refused'`, [outsider.user.id]);
    expect(refusals).toBe(10);
  });

  it('shows questions in the audit viewer as soon as they are answered', async () => {
    const { user, token } = await signedInUser(hub, { roles: [Role.Analyst], organisation: 'hiow-constabulary' });
    await hub.http().post('/api/query').set('Authorization', `Bearer ${token}`).send({ dataset: 'police-audited', measures: ['count'] }).expect(200);
    const page = await hub.http().get('/api/audit/entries').query({ actor: user.id, action: 'query.run' }).set('Authorization', `Bearer ${imb}`).expect(200);
    expect(page.body.entries.map((e: { action: string }) => e.action)).toEqual(['query.run']);
  });
});

describe('query audit at shutdown', () => {
  it('finishes questions in flight and writes their entries before the database closes', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'csp-hub-audit-shutdown-'));
    const database = await provisionDatabase();
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dir, JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-signing', LOG_LEVEL: 'silent', DEMO_SEED: 'false', REFERENCE_DATA_DIR: '', ...database.env });
    try {
      const first = await createHub(config, { lockDataDir: false, seedDemo: false });
      const asHub = { app: first.app, dataSource: first.app.get(DataSource) } as unknown as TestHub;
      await createDataset(asHub, { slug: 'police-shutdown', rows });
      const user = await createUser(asHub, { organisation: 'hiow-constabulary' });
      await first.app.listen(0, '127.0.0.1');
      const base = await first.app.getUrl();
      const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: user.email, password: TEST_PASSWORD }) });
      const { accessToken } = (await login.json()) as { accessToken: string };
      const ask = (limit: number) =>
        fetch(`${base}/api/query`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ dataset: 'police-shutdown', measures: ['count'], groupBy: ['category'], limit }) })
          .then((r) => r.status)
          .catch(() => 0);
      const inFlight = Array.from({ length: 40 }, (_, i) => ask(1 + i));
      await inFlight[0];
      await first.close();
      const statuses = await Promise.all(inFlight);
      const answered = statuses.filter((s) => s === 200).length;
      expect(statuses.every((s) => s === 200 || s === 0)).toBe(true);

      const second = await createHub(config, { lockDataDir: false, seedDemo: false });
      try {
        const [{ n }] = await second.app.get(DataSource).query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'query.run' AND actor_id = $1`, [user.id]);
        expect(n).toBe(answered);
        expect((await second.app.get(AuditService).verify()).ok).toBe(true);
      } finally {
        await second.close();
      }
    } finally {
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes every queued entry before the database closes', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'csp-hub-audit-shutdown-'));
    const database = await provisionDatabase();
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dir, JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-signing', LOG_LEVEL: 'silent', DEMO_SEED: 'false', REFERENCE_DATA_DIR: '', ...database.env });
    try {
      const first = await createHub(config, { lockDataDir: false, seedDemo: false });
      const audit = first.app.get(AuditService);
      for (let i = 0; i < 300; i++) audit.recordSoon({ actor: null, action: 'test.deferred', details: { i } });
      await first.close();

      const second = await createHub(config, { lockDataDir: false, seedDemo: false });
      try {
        const written: { i: number }[] = (await second.app.get(DataSource).query(`SELECT details FROM audit_log WHERE action = 'test.deferred' ORDER BY id`)).map((r: { details: { i: number } }) => r.details);
        expect(written.map((d) => d.i)).toEqual(Array.from({ length: 300 }, (_, i) => i));
        expect((await second.app.get(AuditService).verify()).ok).toBe(true);
      } finally {
        await second.close();
      }
    } finally {
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
