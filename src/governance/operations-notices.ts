import { Injectable, OnModuleInit } from '@nestjs/common';
import { Role } from '../auth/role.js';
import { SchedulerService } from '../scheduler/scheduler.service.js';
import type { User } from '../users/user.entity.js';
import { describeSchedule, overduePeriod } from './feed-schedule.js';
import { NotificationKind } from './notification.entity.js';
import { NotificationsService } from './notifications.service.js';
import { OperationsNoticesRepository } from './operations-notices.repository.js';

const LOOKBACK_MS = 2 * 86_400_000;

/**
 * Notices for the people who run the data: failed loads and loads that left rows out (to the load's
 * operator and the dataset's data owners), and feeds that missed their expected delivery (to ETL
 * operators and the data owners). Scheduled jobs; each problem is notified once (dedupe keys).
 */
@Injectable()
export class OperationsNotices implements OnModuleInit {
  constructor(
    private readonly repository: OperationsNoticesRepository,
    private readonly notifications: NotificationsService,
    private readonly scheduler: SchedulerService,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({ name: 'load-notices', cron: '* * * * *', run: (now) => this.notifyLoadProblems(now).then(() => undefined) });
    this.scheduler.register({ name: 'feed-overdue', cron: '0 9 * * *', run: (now) => this.notifyOverdueFeeds(now).then(() => undefined) });
  }

  async notifyLoadProblems(now = new Date()): Promise<number> {
    const problems = await this.repository.loadProblems(new Date(now.getTime() - LOOKBACK_MS));
    if (problems.length === 0) return 0;
    const users = await this.notifications.directory();
    let sent = 0;
    for (const p of problems) {
      const failed = p.status === 'failed';
      const to = [...(p.operatorId ? [p.operatorId] : []), ...owners(users, p.ownerOrganisationId)];
      sent += await this.notifications.send(to, {
        kind: failed ? NotificationKind.LoadFailed : NotificationKind.LoadRowsRejected,
        title: failed ? `A load of ${p.feedTitle} failed` : `A load of ${p.feedTitle} left ${p.rowsRejected} row${p.rowsRejected === 1 ? '' : 's'} out`,
        body: failed ? 'Nothing from the file was published. Open the load to see why.' : 'The other rows were published. Open the load to see the rejected rows and why.',
        targetType: 'load',
        targetId: p.id,
        dedupeKey: `load-problem:${p.id}`,
      });
    }
    return sent;
  }

  async notifyOverdueFeeds(now = new Date()): Promise<number> {
    const feeds = await this.repository.scheduledFeeds();
    const users = await this.notifications.directory();
    const operators = users.filter((u) => !u.disabled && u.roles.includes(Role.EtlOperator)).map((u) => u.id);
    let sent = 0;
    for (const feed of feeds) {
      const period = overduePeriod(feed, feed.lastLoadedAt ? new Date(feed.lastLoadedAt) : null, now);
      if (!period) continue;
      sent += await this.notifications.send([...operators, ...owners(users, feed.ownerOrganisationId)], {
        kind: NotificationKind.FeedOverdue,
        title: `${feed.title} has not arrived for ${period}`,
        body: `Expected ${describeSchedule(feed)}.`,
        targetType: 'feed',
        targetId: feed.id,
        dedupeKey: `feed-overdue:${feed.id}:${period}`,
      });
    }
    return sent;
  }
}

function owners(users: readonly User[], organisationId: string): string[] {
  return users.filter((u) => !u.disabled && u.roles.includes(Role.DataOwner) && u.organisationId === organisationId).map((u) => u.id);
}
