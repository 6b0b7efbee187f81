import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { type AppConfig, StartupError } from '../config/app-config.js';
import { dataSourceOptions } from '../database/data-source-options.js';
import { MIGRATIONS } from '../database/migrations/index.js';
import { openPostgres } from '../database/postgres-endpoint.js';
import { BadArchiveError, unpackAndVerify } from './backup-archive.js';
import { type BackupSummary, DATA_DIR_SECRETS, summarise } from './backup.service.js';
import { CatalogueSnapshotRepository } from './catalogue-snapshot.repository.js';

/**
 * Restores an archive into an empty data folder (and, with DATABASE_URL, an empty database). The
 * archive is unpacked and checked in full first: a damaged one is refused before anything changes.
 * If a later step fails, what was placed in the data folder is removed again.
 */
export async function restoreBackup(config: AppConfig, file: string): Promise<BackupSummary> {
  refuseNonEmptyFolder(config.dataDir);
  if (config.databaseUrl) await refuseNonEmptyDatabase(config.databaseUrl);
  const unpacked = mkdtempSync(path.join(os.tmpdir(), 'csp-hub-restore-'));
  try {
    const manifest = await unpackAndVerify(file, unpacked);
    const expected = MIGRATIONS.map((m) => new m().name);
    if (JSON.stringify(manifest.migrations) !== JSON.stringify(expected)) {
      throw new BadArchiveError(`${file} was made by a hub with a different schema (${manifest.migrations.length} migrations; this one has ${expected.length}). Restore it with the same version of csp-hub.`);
    }
    try {
      placeFiles(config, unpacked);
      const endpoint = await openPostgres(config);
      try {
        const dataSource = new DataSource(dataSourceOptions(endpoint, true));
        await dataSource.initialize();
        await dataSource.destroy();
        await new CatalogueSnapshotRepository(endpoint.url).load(unpacked, manifest.catalogue);
      } finally {
        await endpoint.close();
      }
    } catch (err) {
      emptyFolder(config.dataDir);
      throw err;
    }
    return summarise(path.resolve(file), manifest);
  } finally {
    rmSync(unpacked, { recursive: true, force: true });
  }
}

/** Empty means nothing but the secrets loadConfig itself may just have written. */
function refuseNonEmptyFolder(dataDir: string): void {
  const entries = existsSync(dataDir) ? readdirSync(dataDir).filter((n) => !DATA_DIR_SECRETS.includes(n) && n !== 'csp-hub.lock') : [];
  if (entries.length) {
    throw new StartupError(`Refusing to restore into ${dataDir}: it is not empty (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', ...' : ''}). Restore into a new, empty DATA_DIR.`);
  }
}

async function refuseNonEmptyDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`);
    if (rows[0].n > 0) throw new StartupError('Refusing to restore: the database in DATABASE_URL already has tables. Restore into a new, empty database.');
  } finally {
    await client.end();
  }
}

function placeFiles(config: AppConfig, unpacked: string): void {
  mkdirSync(config.dataDir, { recursive: true });
  mkdirSync(path.dirname(config.duckdbPath), { recursive: true });
  cpSync(path.join(unpacked, 'analytics.duckdb'), config.duckdbPath);
  const folders: [string, string][] = [
    ['uploads', config.ingest.uploadDir],
    ['geography', config.ingest.geographyDir],
  ];
  for (const [from, to] of folders) if (existsSync(path.join(unpacked, from))) cpSync(path.join(unpacked, from), to, { recursive: true });
  for (const name of DATA_DIR_SECRETS) {
    const secret = path.join(unpacked, 'secrets', name);
    if (existsSync(secret)) cpSync(secret, path.join(config.dataDir, name));
  }
}

function emptyFolder(dir: string): void {
  for (const name of existsSync(dir) ? readdirSync(dir) : []) if (name !== 'csp-hub.lock') rmSync(path.join(dir, name), { recursive: true, force: true });
}
