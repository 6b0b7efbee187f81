import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CronJob } from 'cron';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { RetentionService } from './retention.service.js';

/** Runs the retention job daily on RETENTION_CRON (off in tests). */
@Injectable()
export class RetentionScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RetentionScheduler.name);
  private job: CronJob | null = null;

  constructor(
    private readonly retention: RetentionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.retentionCron) return;
    this.job = CronJob.from({
      cronTime: this.config.retentionCron,
      start: true,
      onTick: () => void this.retention.runOnce().catch((err: Error) => this.logger.warn(`Retention run failed: ${err.message}`)),
    });
  }

  onApplicationShutdown(): void {
    void this.job?.stop();
  }
}
