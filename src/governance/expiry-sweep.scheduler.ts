import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { SchedulerService } from '../scheduler/scheduler.service.js';
import { AgreementEndsService } from './agreement-ends.service.js';
import { NotificationsService } from './notifications.service.js';

/**
 * Registers the governance sweep as the `governance-sweep` job, on GOVERNANCE_SWEEP_CRON (off in
 * tests): agreements past their end date are ended with their grants (the IMB told), then notices
 * of grants and agreements ending soon and of reviews coming due.
 */
@Injectable()
export class ExpirySweepScheduler implements OnModuleInit {
  private readonly logger = new Logger(ExpirySweepScheduler.name);

  constructor(
    private readonly notifications: NotificationsService,
    private readonly agreementEnds: AgreementEndsService,
    private readonly scheduler: SchedulerService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: 'governance-sweep',
      cron: this.config.governance.sweepCron || 'off',
      run: async (now) => {
        const ended = await this.agreementEnds.endDue(now);
        if (ended > 0) this.logger.log(`Ended ${ended} agreements past their end date`);
        const n = await this.notifications.sweep(now);
        if (n > 0) this.logger.log(`Sent ${n} expiry and review notices`);
      },
    });
  }
}
