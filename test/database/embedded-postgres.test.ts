import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createHub } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/app-config.js';
import { MIGRATIONS } from '../../src/database/migrations/index.js';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { reachableTempDir } from '../support/test-database.js';

async function query<T>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows as T[];
  } finally {
    await c.end();
  }
}

describe('the embedded PostgreSQL default', () => {
  let dir: string;
  beforeEach(() => (dir = reachableTempDir('csp-hub-embedded-')));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('boots the hub on an empty data folder with every migration, and reports itself embedded', async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dir, JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-signing', LOG_LEVEL: 'silent', DEMO_SEED: 'false', INGEST_INBOXES: 'false', REFERENCE_DATA_DIR: '' });
    const hub = await createHub(config, { seedDemo: false });
    try {
      const rows = await hub.app.get(DataSource).query(`SELECT name FROM migrations ORDER BY id`);
      expect(rows.map((r: { name: string }) => r.name)).toEqual(MIGRATIONS.map((m) => new m().name));
      const health = await request(hub.app.getHttpServer()).get('/api/health').expect(200);
      expect(health.body.postgres).toMatchObject({ status: 'up', embedded: true });
    } finally {
      await hub.close();
    }
  }, 120_000);

  it('keeps fsync and synchronous commit on, even against ALTER SYSTEM, and keeps data across restarts', async () => {
    const data = path.join(dir, 'postgres');
    let server = await startEmbeddedPostgres(data);
    try {
      await query(server.url, `ALTER SYSTEM SET fsync = off`);
      await query(server.url, `ALTER SYSTEM SET synchronous_commit = off`);
      await query(server.url, `CREATE TABLE kept (n int); INSERT INTO kept VALUES (1), (2)`);
    } finally {
      await server.stop();
    }
    server = await startEmbeddedPostgres(data);
    try {
      const [s] = await query<Record<string, string>>(server.url, `SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sc, current_setting('full_page_writes') AS fpw, current_setting('wal_level') AS wal`);
      expect(s).toEqual({ fsync: 'on', sc: 'on', fpw: 'on', wal: 'replica' });
      expect(await query(server.url, `SELECT n FROM kept ORDER BY n`)).toEqual([{ n: 1 }, { n: 2 }]);
    } finally {
      await server.stop();
    }
  }, 120_000);

  (process.getuid?.() === 0 ? it : it.skip)('runs PostgreSQL as a non-root account when the hub is root', async () => {
    const server = await startEmbeddedPostgres(path.join(dir, 'postgres'));
    try {
      const uid = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))![1];
      expect(Number(uid)).not.toBe(0);
      expect((await query<{ ok: number }>(server.url, 'SELECT 1 AS ok'))[0].ok).toBe(1);
    } finally {
      await server.stop();
    }
  }, 60_000);

  it.each([
    ['a process that has gone', () => Promise.resolve(2 ** 22 - 7)],
    ['a live process that is not PostgreSQL', () => Promise.resolve(sleeper())],
  ])('starts cleanly over a postmaster.pid naming %s', async (_what, pidOf) => {
    const data = path.join(dir, 'postgres');
    const first = await startEmbeddedPostgres(data);
    await query(first.url, `CREATE TABLE t (n int); INSERT INTO t VALUES (42)`);
    await first.stop();
    const pid = await pidOf();
    const pidFile = path.join(data, 'postmaster.pid');
    writeFileSync(pidFile, `${pid}\n${data}\n1700000000\n5432\n${data}\n\n  5432001         0\nready   \n`);
    const again = await startEmbeddedPostgres(data);
    try {
      expect(await query(again.url, `SELECT n FROM t`)).toEqual([{ n: 42 }]);
      expect(Number(readFileSync(pidFile, 'utf8').split('\n')[0])).toBe(again.pid);
    } finally {
      await again.stop();
      if (pid !== 2 ** 22 - 7) process.kill(pid, 'SIGKILL');
    }
  }, 120_000);
});

function sleeper(): number {
  const child = spawn('sleep', ['600'], { stdio: 'ignore', detached: true });
  child.unref();
  return child.pid!;
}
