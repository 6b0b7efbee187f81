import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CronJob } from 'cron';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { NotificationsService } from './notifications.service.js';

/** Runs the expiring-grant notification sweep on GOVERNANCE_SWEEP_CRON (off in tests). */
@Injectable()
export class ExpirySweepScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ExpirySweepScheduler.name);
  private job: CronJob | null = null;

  constructor(
    private readonly notifications: NotificationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const schedule = this.config.governance.sweepCron;
    if (!schedule) return;
    this.job = CronJob.from({
      cronTime: schedule,
      start: true,
      onTick: () => {
        this.notifications
          .sweep()
          .then((n) => n > 0 && this.logger.log(`Sent ${n} expiry and review notices`))
          .catch((err: Error) => this.logger.warn(`Expiring-grant sweep failed: ${err.message}`));
      },
    });
  }

  onApplicationShutdown(): void {
    void this.job?.stop();
  }
}
