import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { monthsBefore } from '../analytics/trends.js';
import type { AuthUser } from '../auth/auth-user.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { NotificationKind } from '../governance/notification.entity.js';
import { NotificationsService } from '../governance/notifications.service.js';
import type { QueryResult } from '../query/query-result.js';
import type { QuerySpecInput } from '../query/query-spec.js';
import { SchedulerService } from '../scheduler/scheduler.service.js';
import type { SavedView } from '../views/saved-view.entity.js';
import { checkAlert, type MonthCount } from './alert-rule.js';
import { monthOf } from './periods.js';
import type { ViewAlert } from './view-alert.entity.js';
import { SubscriptionsRepository } from './subscriptions.repository.js';
import { isUnreadable, ViewReader } from './view-reader.js';

/**
 * Checks threshold alerts on saved views (job `view-alerts`, daily): the view's question by month,
 * asked as the alert's owner (their access, disclosure control, audited), and its latest ended month
 * tested. A fired alert becomes an in-app notice (`view_alert`, emailed by the user's choice), once
 * per alert and month.
 */
@Injectable()
export class ViewAlertsJob implements OnModuleInit {
  private readonly logger = new Logger(ViewAlertsJob.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: SubscriptionsRepository,
    private readonly reader: ViewReader,
    private readonly notifications: NotificationsService,
    private readonly scheduler: SchedulerService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({ name: 'view-alerts', cron: '15 8 * * *', leaseSeconds: 1800, run: (now) => this.checkAll(now).then(() => undefined) });
  }

  /** Checks every alert; returns how many fired. */
  async checkAll(now = new Date()): Promise<number> {
    let fired = 0;
    for (const alert of await this.repository.allAlerts()) {
      try {
        fired += (await this.checkOne(alert, now)) ? 1 : 0;
      } catch (err) {
        this.logger.warn(`Alert ${alert.id}: ${(err as Error).message}`);
      }
    }
    return fired;
  }

  private async checkOne(alert: ViewAlert, now: Date): Promise<boolean> {
    const caller = await this.reader.callerOf(alert.userId);
    const view = caller ? await this.reader.view(caller, alert.viewId) : { reason: 'no_user' as const };
    if (!caller || isUnreadable(view)) return this.record(alert, now, isUnreadable(view) ? view.reason : 'no_user', null);
    const current = monthOf(now);
    const result = await this.reader.run(caller, monthlyQuestion(view, current, this.config.analytics.trends.baselineMonths), 'alert');
    if (isUnreadable(result)) return this.record(alert, now, result.reason, null);
    const check = checkAlert(monthlySeries(result), current, alert, this.config.analytics.trends);
    if (!check.month) return this.record(alert, now, 'no_data', null);
    if (!check.fired) return this.record(alert, now, 'quiet', null);
    return this.fire(alert, caller, view, check.month, now);
  }

  private record(alert: ViewAlert, now: Date, outcome: string, month: string | null): Promise<boolean> {
    return this.dataSource.transaction((em) => this.repository.recordCheck(em, alert.id, now, outcome, month));
  }

  private fire(alert: ViewAlert, caller: AuthUser, view: SavedView, month: string, now: Date): Promise<boolean> {
    return this.dataSource.transaction(async (em) => {
      if (!(await this.repository.recordCheck(em, alert.id, now, 'fired', month))) return false;
      const what = alert.rule === 'exceeds' ? `above ${alert.threshold} in ${month}` : `above its usual range in ${month}`;
      await this.notifications.send(
        [caller.id],
        { kind: NotificationKind.ViewAlert, title: `“${view.title}” was ${what}`, body: 'Open the saved view to see the figures.', targetType: 'view', targetId: view.id, dedupeKey: `view-alert:${alert.id}:${month}` },
        em,
      );
      return true;
    });
  }
}

/** The view's question as one count per month over the baseline and the months since. */
export function monthlyQuestion(view: SavedView, currentMonth: string, baselineMonths: number): QuerySpecInput {
  const q = view.query as QuerySpecInput;
  const measure = q.measures?.[0] ?? 'count';
  return {
    dataset: q.dataset,
    ...(q.datasets ? { datasets: q.datasets } : {}),
    ...(q.filters ? { filters: q.filters } : {}),
    ...(q.areas ? { areas: q.areas } : {}),
    measures: [measure],
    groupBy: ['month'],
    timeRange: { from: q.timeRange?.from ?? monthsBefore(currentMonth, baselineMonths + 1)[0], ...(q.timeRange?.to ? { to: q.timeRange.to } : {}) },
  };
}

function monthlySeries(result: QueryResult): MonthCount[] {
  const month = result.columns.findIndex((c) => c.name === 'month');
  const value = result.columns.findIndex((c, i) => i !== month && (c.type === 'integer' || c.type === 'double'));
  if (month < 0 || value < 0) return [];
  return Array.from({ length: result.rowCount }, (_, i) => ({ month: String(result.values[month][i]).slice(0, 7), count: (result.values[value][i] as number | null) ?? null }));
}
