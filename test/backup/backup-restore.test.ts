import 'reflect-metadata';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AnalyticsStore } from '../../src/analytics-store/analytics-store.service.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { BadArchiveError } from '../../src/backup/backup-archive.js';
import { BackupScheduler } from '../../src/backup/backup.scheduler.js';
import { BackupService } from '../../src/backup/backup.service.js';
import { restoreBackup } from '../../src/backup/restore.js';
import { createHub, type RunningHub } from '../../src/bootstrap.js';
import { Role } from '../../src/auth/role.js';
import { loadConfig } from '../../src/config/app-config.js';
import { LoadsService } from '../../src/ingest/loads.service.js';
import { LoadStatus } from '../../src/ingest/load-policy.js';
import { signedInUser } from '../factories/user.factory.js';
import { STREET_HEADER, streetRow } from '../ingest/ingest-helpers.js';
import { provisionDatabase, reachableTempDir } from '../support/test-database.js';
import { createTestHub, TEST_PASSWORD, type TestHub } from '../support/test-hub.js';

const TYPES = ['Burglary', 'Vehicle crime', 'Drugs', 'Robbery'];
const QUESTIONS = [
  { dataset: 'police-uk-street', measures: ['count'], groupBy: ['category'] },
  { dataset: 'police-uk-street', measures: ['count'], groupBy: ['month', 'district'] },
];

function streetFile(dir: string, name: string, month: string, n: number): string {
  const file = path.join(dir, name);
  writeFileSync(file, [STREET_HEADER, ...Array.from({ length: n }, (_, i) => streetRow({ month, id: `${name}-${i}`, type: TYPES[i % TYPES.length] }))].join('\n') + '\n');
  return file;
}

async function load(hub: { app: TestHub['app'] }, file: string): Promise<void> {
  const { done } = await hub.app.get(LoadsService).submit({ feedSlug: 'police-uk-street', path: file, fileName: path.basename(file), source: 'cli', user: null });
  expect((await done).status).toBe(LoadStatus.Succeeded);
}

/** The answers an analyst gets, and the audit chain's state. */
async function answers(hub: RunningHub | TestHub, email: string): Promise<unknown[]> {
  const http = () => request(hub.app.getHttpServer());
  const token = (await http().post('/api/auth/login').send({ email, password: TEST_PASSWORD }).expect(200)).body.accessToken;
  const out = [];
  for (const q of QUESTIONS) out.push((await http().post('/api/query').set('Authorization', `Bearer ${token}`).set('Accept', 'application/json').send(q).expect(200)).body);
  return out;
}

/** A hub booted on a restored data folder, with its own empty database. */
async function restoredHub(archive: string): Promise<{ hub: RunningHub; dir: string; drop: () => Promise<void> }> {
  const dir = reachableTempDir('csp-hub-restored-');
  const database = await provisionDatabase();
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dir, JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-signing', LOG_LEVEL: 'silent', DEMO_SEED: 'false', REFERENCE_DATA_DIR: '', INGEST_INBOXES: 'false', ...database.env });
  await restoreBackup(config, archive);
  const hub = await createHub(config, { lockDataDir: false, seedDemo: false });
  return { hub, dir, drop: database.drop };
}

describe('backups', () => {
  let hub: TestHub;
  let analyst: string;
  let work: string;
  let archive: string;

  beforeAll(async () => {
    hub = await createTestHub({ INGEST_INBOXES: 'false', BACKUP_KEEP: '2' });
    work = reachableTempDir('csp-hub-backups-');
    analyst = (await signedInUser(hub, { roles: [Role.Analyst], organisation: 'hiow-constabulary' })).user.email;
    await load(hub, streetFile(work, 'jan.csv', '2030-01', 400));
    await load(hub, streetFile(work, 'feb.csv', '2030-02', 300));
    archive = path.join(work, 'hub.tar.gz');
    await hub.app.get(BackupService).create(archive);
  }, 120_000);
  afterAll(async () => {
    await hub?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('verifies, restores into an empty folder, and the restored hub gives the same figures with an intact audit chain', async () => {
    const summary = await BackupService.verify(archive);
    expect(summary.tables).toBeGreaterThan(10);
    const original = await answers(hub, analyst);
    expect(JSON.stringify(original)).toContain('Burglary');
    const restored = await restoredHub(archive);
    try {
      expect(await answers(restored.hub, analyst)).toEqual(original);
      const audit = restored.hub.app.get(AuditService);
      const report = await audit.verify();
      expect(report.ok).toBe(true);
      const [{ n }] = await restored.hub.app.get(DataSource).query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'load.succeeded'`);
      expect(n).toBe(2);
      // The restored hub goes on writing to the same chain.
      await audit.record({ actor: null, actorEmail: 'system@csp-hub', action: 'test.after_restore', details: {} });
      expect((await audit.verify()).ok).toBe(true);
    } finally {
      await restored.hub.close();
      await restored.drop();
      rmSync(restored.dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses a truncated or altered archive with a clear message and changes nothing', async () => {
    const bytes = readFileSync(archive);
    const truncated = path.join(work, 'truncated.tar.gz');
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(BackupService.verify(truncated)).rejects.toThrow(/damaged or incomplete/);
    const flipped = Buffer.from(bytes);
    flipped[Math.floor(flipped.length * 0.6)] ^= 0xff;
    const altered = path.join(work, 'altered.tar.gz');
    writeFileSync(altered, flipped);
    await expect(BackupService.verify(altered)).rejects.toThrow(BadArchiveError);

    const target = reachableTempDir('csp-hub-not-restored-');
    const database = await provisionDatabase();
    try {
      const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: target, JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-signing', LOG_LEVEL: 'silent', ...database.env });
      for (const bad of [truncated, altered]) {
        await expect(restoreBackup(config, bad)).rejects.toThrow(BadArchiveError);
        expect(readdirSync(target)).toEqual(['.matching-key']);
      }
    } finally {
      await database.drop();
      rmSync(target, { recursive: true, force: true });
    }
  });

  it('refuses to restore into a folder that is not empty', async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: hub.dir, JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-signing', LOG_LEVEL: 'silent' });
    const before = readdirSync(hub.dir).sort();
    await expect(restoreBackup(config, archive)).rejects.toThrow(/not empty/);
    expect(readdirSync(hub.dir).sort()).toEqual(before);
  });

  it('taken during a load: the restored hub has that load whole or not at all', async () => {
    const file = streetFile(work, 'mar.csv', '2030-03', 30_000);
    const { load: queued, done } = await hub.app.get(LoadsService).submit({ feedSlug: 'police-uk-street', path: file, fileName: 'mar.csv', source: 'cli', user: null });
    const during = path.join(work, 'during.tar.gz');
    for (let status = ''; status !== LoadStatus.Running && status !== LoadStatus.Succeeded; ) {
      status = (await hub.dataSource.query(`SELECT status FROM loads WHERE id = $1`, [queued.id]))[0].status;
      await new Promise((r) => setImmediate(r));
    }
    await hub.app.get(BackupService).create(during);
    expect((await done).status).toBe(LoadStatus.Succeeded);
    const restored = await restoredHub(during);
    try {
      const ds = restored.hub.app.get(DataSource);
      const [dataset] = await ds.query(`SELECT row_count, duckdb_table FROM datasets WHERE slug = 'police-uk-street'`);
      const [state] = await ds.query(`SELECT status FROM loads WHERE id = $1`, [queued.id]);
      const [{ n, mine }] = await restored.hub.app.get(AnalyticsStore).all<{ n: bigint; mine: bigint }>(`SELECT count(*) AS n, count(*) FILTER (WHERE _load_id = '${queued.id}') AS mine FROM ${dataset.duckdb_table}`);
      expect(Number(n)).toBe(Number(dataset.row_count));
      if (state?.status === LoadStatus.Succeeded) expect(Number(mine)).toBe(30_000);
      else expect(Number(mine)).toBe(0);
      expect((await restored.hub.app.get(AuditService).verify()).ok).toBe(true);
    } finally {
      await restored.hub.close();
      await restored.drop();
      rmSync(restored.dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('scheduled backups keep the newest BACKUP_KEEP archives', async () => {
    const scheduler = hub.app.get(BackupScheduler);
    const dir = hub.config.backup.dir;
    const written = [];
    for (let i = 0; i < 3; i++) written.push(await scheduler.runOnce(new Date(Date.UTC(2030, 0, 1 + i, 2, 30))));
    const keep = hub.config.backup.keep;
    expect(readdirSync(dir).sort()).toEqual(written.slice(-keep).map((f) => path.basename(f)).sort());
    for (const f of readdirSync(dir)) expect(statSync(path.join(dir, f)).size).toBeGreaterThan(0);
    expect(existsSync(written[written.length - 1])).toBe(true);
  }, 120_000);
});
