import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { hasPermission, Permission } from '../auth/permission.js';
import { AnalyticsService } from '../analytics/analytics.service.js';
import { NotificationKind } from '../governance/notification.entity.js';
import { NotificationsService } from '../governance/notifications.service.js';
import { SchedulerService } from '../scheduler/scheduler.service.js';
import { ViewReader } from './view-reader.js';

/**
 * Emerging trends in each user's areas (job `trend-notices`, daily): the Threat, risk and harm
 * page's test run as each user who may query data, so a user hears only of trends in the data and
 * areas their own access covers, judged on the figures released to them. Each flagged district,
 * category and month is notified once.
 */
@Injectable()
export class TrendNoticesJob implements OnModuleInit {
  private readonly logger = new Logger(TrendNoticesJob.name);

  constructor(
    private readonly analytics: AnalyticsService,
    private readonly notifications: NotificationsService,
    private readonly reader: ViewReader,
    private readonly scheduler: SchedulerService,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({ name: 'trend-notices', cron: '30 9 * * *', leaseSeconds: 1800, run: () => this.notifyAll().then(() => undefined) });
  }

  /** Returns how many notices were written. */
  async notifyAll(): Promise<number> {
    const users = (await this.notifications.directory()).filter((u) => !u.disabled && hasPermission(u.roles, Permission.DataQuery));
    let sent = 0;
    for (const user of users) {
      try {
        const caller = await this.reader.callerOf(user.id);
        if (!caller) continue;
        const trends = await this.analytics.trends(caller, { flagged: true }, { address: null });
        for (const t of trends.items.filter((i) => i.flagged)) {
          sent += await this.notifications.send([user.id], {
            kind: NotificationKind.EmergingTrend,
            title: `${t.category} is rising in ${t.districtName ?? t.districtCode} (${trends.month})`,
            body: 'Above its usual range for the month. Open Threat, risk and harm to see the figures.',
            targetType: 'trend',
            targetId: `${t.districtCode}:${t.category}`.slice(0, 200),
            dedupeKey: `trend:${trends.month}:${t.districtCode}:${t.category}`,
          });
        }
      } catch (err) {
        this.logger.warn(`Trend notices for ${user.id}: ${(err as Error).message}`);
      }
    }
    return sent;
  }
}
