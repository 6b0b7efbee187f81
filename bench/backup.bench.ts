/**
 * Backup and restore of the demo data (the hub as `npm start` seeds it, on the embedded default):
 *  1. boots a hub with the demo accounts and generated demo data (DEMO_DATA_MONTHS × DEMO_DATA_ROWS_PER_MONTH);
 *  2. times `backup create` (consistent snapshot of catalogue, DuckDB and uploads) while it runs;
 *  3. times `backup restore` into an empty data folder, then boots the restored hub and checks
 *     its audit chain and row count. Target: each under 30 s.
 * Usage: npm run bench:backup
 */
import 'reflect-metadata';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { AuditService } from '../src/audit/audit.service.js';
import { BackupService } from '../src/backup/backup.service.js';
import { restoreBackup } from '../src/backup/restore.js';
import { createHub } from '../src/bootstrap.js';
import { loadConfig } from '../src/config/app-config.js';

const log = (s: string) => process.stdout.write(`${s}\n`);
const TARGET_S = 30;

function reachable(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

const env = (dir: string) =>
  loadConfig({ ...process.env, NODE_ENV: 'development', DATA_DIR: dir, DATABASE_URL: undefined, LOG_LEVEL: 'silent', DEMO_SEED: 'true', DEMO_DATA: 'true', INGEST_INBOXES: 'false', GOVERNANCE_SWEEP_CRON: 'off' } as NodeJS.ProcessEnv);

async function main(): Promise<void> {
  const source = reachable('csp-hub-bench-backup-');
  const target = reachable('csp-hub-bench-restore-');
  const archive = path.join(source, '..', `csp-hub-bench-${process.pid}.tar.gz`);
  try {
    let t = performance.now();
    const hub = await createHub(env(source), { lockDataDir: false, purpose: 'bench' });
    const rows = (await hub.app.get(DataSource).query(`SELECT coalesce(sum(row_count), 0)::int AS n FROM datasets`))[0].n as number;
    log(`# Backup benchmark: demo data (${rows.toLocaleString('en-GB')} rows), embedded PostgreSQL, ${os.cpus().length} cores, Node ${process.version}`);
    log(`hub with demo data ready in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    t = performance.now();
    await hub.app.get(BackupService).create(archive);
    const backupS = (performance.now() - t) / 1000;
    await hub.close();
    t = performance.now();
    await restoreBackup(env(target), archive);
    const restoreS = (performance.now() - t) / 1000;
    const restored = await createHub(env(target), { lockDataDir: false, seedDemo: false, purpose: 'bench' });
    const after = (await restored.app.get(DataSource).query(`SELECT coalesce(sum(row_count), 0)::int AS n FROM datasets`))[0].n as number;
    const audit = await restored.app.get(AuditService).verify();
    await restored.close();
    log(`archive: ${(statSync(archive).size / 1e6).toFixed(1)} MB`);
    log(`backup create: ${backupS.toFixed(1)} s (target < ${TARGET_S} s: ${backupS < TARGET_S ? 'met' : 'MISSED'})`);
    log(`backup restore: ${restoreS.toFixed(1)} s (target < ${TARGET_S} s: ${restoreS < TARGET_S ? 'met' : 'MISSED'})`);
    log(`restored hub: ${after.toLocaleString('en-GB')} rows (${after === rows ? 'same' : 'DIFFERENT'}), audit chain ${audit.ok ? `intact (${audit.entriesChecked} entries)` : 'BROKEN'}`);
  } finally {
    rmSync(source, { recursive: true, force: true });
    rmSync(target, { recursive: true, force: true });
    rmSync(archive, { force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${(err as Error).stack}\n`);
    process.exit(1);
  },
);
