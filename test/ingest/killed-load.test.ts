import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHub, type RunningHub } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/app-config.js';
import { DatasetsRepository } from '../../src/datasets/datasets.repository.js';
import { AnalyticsStore } from '../../src/analytics-store/analytics-store.service.js';
import { LoadsRepository } from '../../src/ingest/loads.repository.js';
import { LoadsService } from '../../src/ingest/loads.service.js';
import { LoadStatus } from '../../src/ingest/load-policy.js';
import { provisionDatabase } from '../support/test-database.js';
import { compileForChild } from './support/compile-for-child.js';
import { STREET_HEADER, streetRow } from './ingest-helpers.js';
import { writeFileSync } from 'node:fs';

const root = path.resolve(import.meta.dirname, '../..');

/** A load killed with SIGKILL mid-way leaves the dataset exactly as it was, and the load failed after restart. */
describe('a load killed mid-way', () => {
  let dir: string;
  let env: Record<string, string>;
  let drop: () => Promise<void>;
  let child: { entry: string; dir: string };
  let before: Awaited<ReturnType<typeof snapshot>>;

  const file = (name: string, month: string, n: number, prefix: string) => {
    const f = path.join(dir, name);
    writeFileSync(f, [STREET_HEADER, ...Array.from({ length: n }, (_, i) => streetRow({ month, id: `${prefix}-${i}`, type: 'Burglary' }))].join('\n') + '\n');
    return f;
  };

  const boot = async (): Promise<RunningHub> => createHub(loadConfig(env), { seedDemo: false, purpose: 'test' });

  async function snapshot(hub: RunningHub) {
    const dataset = (await hub.app.get(DatasetsRepository).findBySlug('police-uk-street'))!;
    const rows = await hub.app.get(AnalyticsStore).all(`SELECT crime_id, _load_id FROM ${dataset.duckdbTable} ORDER BY crime_id`);
    return { rowCount: dataset.rowCount, version: dataset.version, rows: rows.map((r) => `${r.crime_id}/${r._load_id}`) };
  }

  function runChild(killAt: string, loadFile: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const proc = spawn(process.execPath, [child.entry], { env: { ...process.env, ...env, KILL_AT: killAt, LOAD_FILE: loadFile, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      proc.stdout.on('data', (d) => {
        out += d;
        if (out.includes('HOLD')) proc.kill('SIGKILL');
      });
      proc.stderr.on('data', (d) => (err += d));
      proc.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child exited ${code} before HOLD: ${out}\n${err}`))));
    });
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'csp-hub-kill-'));
    const database = await provisionDatabase();
    drop = database.drop;
    env = {
      NODE_ENV: 'test',
      DATA_DIR: dir,
      JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-signing',
      MATCHING_KEY: 'test-matching-key-that-is-long-enough-1234',
      LOG_LEVEL: 'silent',
      DEMO_SEED: 'false',
      INGEST_INBOXES: 'false',
      ...(database.env.DATABASE_URL ? { DATABASE_URL: database.env.DATABASE_URL } : {}),
    };
    child = await compileForChild(root, path.join(root, 'test/ingest/support/killable-load.child.ts'));
    const hub = await boot();
    try {
      const first = await hub.app.get(LoadsService).submit({ feedSlug: 'police-uk-street', path: file('first.csv', '2029-03', 500, 'first'), fileName: 'first.csv', source: 'cli', user: null });
      expect((await first.done).status).toBe(LoadStatus.Succeeded);
      before = await snapshot(hub);
      expect(before.rows).toHaveLength(500);
    } finally {
      await hub.close();
    }
  }, 120_000);

  afterAll(async () => {
    await drop?.();
    rmSync(dir, { recursive: true, force: true });
    if (child) rmSync(child.dir, { recursive: true, force: true });
  });

  it.each(['before-commit', 'after-commit'])('killed %s: dataset unchanged, load failed after restart', async (killAt) => {
    // Same month: replace-month would delete the first load's rows if it got through.
    await runChild(killAt, file(`second-${killAt}.csv`, '2029-03', 2000, `second-${killAt}`));

    const hub = await boot();
    try {
      const after = await snapshot(hub);
      expect(after.rows).toEqual(before.rows);
      expect(after.rowCount).toBe(before.rowCount);
      const loads = await hub.app.get(LoadsRepository).list({ limit: 10 });
      const killed = loads.find((l) => l.fileName === `second-${killAt}.csv`)!;
      expect(killed.status).toBe(LoadStatus.Failed);
      expect(killed.errorCode).toBe('interrupted');
      expect(killed.error).toMatch(/server stopped while this load was running/);
    } finally {
      await hub.close();
    }
  }, 120_000);
});
