import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CronJob } from 'cron';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { BackupService } from './backup.service.js';

const NAME = /^csp-hub-backup-\d{8}T\d{6}Z\.tar\.gz$/;

/** Scheduled backups on BACKUP_CRON into BACKUP_DIR, keeping the newest BACKUP_KEEP. */
@Injectable()
export class BackupScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BackupScheduler.name);
  private job: CronJob | null = null;

  constructor(
    private readonly backups: BackupService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.backup.cron) return;
    this.job = CronJob.from({
      cronTime: this.config.backup.cron,
      start: true,
      onTick: () => void this.runOnce().catch((err: Error) => this.logger.warn(`Scheduled backup failed: ${err.message}`)),
    });
  }

  /** One scheduled backup and the pruning after it; returns the file written. */
  async runOnce(now = new Date()): Promise<string> {
    const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    const file = path.join(this.config.backup.dir, `csp-hub-backup-${stamp}.tar.gz`);
    await this.backups.create(file);
    const kept = readdirSync(this.config.backup.dir).filter((n) => NAME.test(n)).sort().reverse();
    for (const old of kept.slice(this.config.backup.keep)) rmSync(path.join(this.config.backup.dir, old), { force: true });
    return file;
  }

  onApplicationShutdown(): void {
    void this.job?.stop();
  }
}
