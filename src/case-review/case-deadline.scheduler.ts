import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CronJob } from 'cron';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { CaseDeadlineSweepService } from './case-deadline-sweep.service.js';

/** Runs the case review deadline sweep on CASE_REVIEW_SWEEP_CRON (off in tests). */
@Injectable()
export class CaseDeadlineScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CaseDeadlineScheduler.name);
  private job: CronJob | null = null;

  constructor(
    private readonly sweep: CaseDeadlineSweepService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const schedule = this.config.caseReview.sweepCron;
    if (!schedule) return;
    this.job = CronJob.from({
      cronTime: schedule,
      start: true,
      timeZone: 'Europe/London',
      onTick: () => {
        this.sweep
          .runOnce()
          .then((n) => n.reminders + n.overdue > 0 && this.logger.log(`Sent ${n.reminders} case review reminders and ${n.overdue} overdue notices`))
          .catch((err: Error) => this.logger.warn(`Case review deadline sweep failed: ${err.message}`));
      },
    });
  }

  onApplicationShutdown(): void {
    void this.job?.stop();
  }
}
