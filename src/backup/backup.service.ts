import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AnalyticsStore } from '../analytics-store/analytics-store.service.js';
import { PublishGate } from '../analytics-store/publish-gate.js';
import { AuditService } from '../audit/audit.service.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { POSTGRES_ENDPOINT } from '../database/database.module.js';
import type { PostgresEndpoint } from '../database/postgres-endpoint.js';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, type BackupManifest, packArchive, unpackAndVerify } from './backup-archive.js';
import { CatalogueSnapshotRepository } from './catalogue-snapshot.repository.js';

/** Secrets kept in the data folder outside production; a restored hub needs the same ones. */
export const DATA_DIR_SECRETS = ['.jwt-secret', '.matching-key'];

export interface BackupSummary {
  file: string;
  createdAt: string;
  tables: number;
  files: number;
  bytes: number;
}

/**
 * Consistent backups of a running hub: the catalogue (a PostgreSQL snapshot), DuckDB (a copy of the
 * database taken in one DuckDB transaction) and the upload and geography folders, with no load
 * published between the two snapshots (PublishGate).
 */
@Injectable()
export class BackupService {
  private readonly logger = new Logger(BackupService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(POSTGRES_ENDPOINT) private readonly endpoint: PostgresEndpoint,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: AnalyticsStore,
    private readonly gate: PublishGate,
    private readonly audit: AuditService,
  ) {}

  async create(file: string): Promise<BackupSummary> {
    const target = path.resolve(file);
    const staging = mkdtempSync(path.join(os.tmpdir(), 'csp-hub-backup-'));
    try {
      const catalogue = new CatalogueSnapshotRepository(this.endpoint.url);
      const migrations = (await this.dataSource.query(`SELECT name FROM migrations ORDER BY id`)).map((r: { name: string }) => r.name);
      const snapshot = await this.gate.exclusive(async () => {
        const pgSnapshot = await catalogue.openSnapshot();
        try {
          await this.copyAnalytics(path.join(staging, 'analytics.duckdb'));
        } catch (err) {
          await pgSnapshot.abort();
          throw err;
        }
        return pgSnapshot;
      });
      mkdirSync(path.join(staging, 'catalogue'));
      const tables = await snapshot.copy(staging);
      this.copyFolders(staging);
      const manifest = await packArchive(staging, target, { format: BACKUP_FORMAT, formatVersion: BACKUP_FORMAT_VERSION, createdAt: new Date().toISOString(), migrations, catalogue: tables });
      const summary = summarise(target, manifest);
      await this.audit.record({ actor: null, actorEmail: 'system@csp-hub', action: 'backup.created', target: { type: 'backup', id: path.basename(target) }, details: { ...summary } });
      this.logger.log(`Backup written to ${target} (${summary.files} files, ${summary.bytes} bytes)`);
      return summary;
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }

  /** DuckDB's own copy of every schema and table, read in one transaction. */
  private async copyAnalytics(file: string): Promise<void> {
    await this.store.withConnection(async (c) => {
      const [{ db }] = (await c.runAndReadAll(`SELECT current_database() AS db`)).getRowObjectsJS() as { db: string }[];
      const quoted = file.replaceAll("'", "''");
      await c.run(`ATTACH '${quoted}' AS csp_backup_copy`);
      try {
        await c.run(`COPY FROM DATABASE "${db.replaceAll('"', '""')}" TO csp_backup_copy`);
      } finally {
        await c.run(`DETACH csp_backup_copy`);
      }
    });
  }

  private copyFolders(staging: string): void {
    const folders: [string, string][] = [
      [this.config.ingest.uploadDir, 'uploads'],
      [this.config.ingest.geographyDir, 'geography'],
    ];
    for (const [from, to] of folders) if (existsSync(from) && readdirSync(from).length) cpSync(from, path.join(staging, to), { recursive: true });
    for (const name of DATA_DIR_SECRETS) {
      const secret = path.join(this.config.dataDir, name);
      if (existsSync(secret)) cpSync(secret, path.join(staging, 'secrets', name));
    }
  }

  /** Checks an archive without changing anything. */
  static async verify(file: string): Promise<BackupSummary> {
    const into = mkdtempSync(path.join(os.tmpdir(), 'csp-hub-verify-'));
    try {
      return summarise(path.resolve(file), await unpackAndVerify(file, into));
    } finally {
      rmSync(into, { recursive: true, force: true });
    }
  }
}

export function summarise(file: string, manifest: BackupManifest): BackupSummary {
  const files = Object.values(manifest.files);
  return { file, createdAt: manifest.createdAt, tables: manifest.catalogue.tables.length, files: files.length, bytes: files.reduce((n, f) => n + f.bytes, 0) };
}
