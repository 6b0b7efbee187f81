import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { actorOf } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { MailService } from '../mail/mail.service.js';
import { escapeHtml, page } from '../mail/notification-email.js';
import type { OutboxAttachment } from '../mail/outbox-message.entity.js';
import type { QuerySpecInput } from '../query/query-spec.js';
import { SchedulerService } from '../scheduler/scheduler.service.js';
import { type ChartImage, renderChart } from './chart-image.js';
import { nextPeriodStart } from './periods.js';
import type { Subscription } from './subscription.entity.js';
import { SubscriptionsRepository } from './subscriptions.repository.js';
import { isUnreadable, ViewReader } from './view-reader.js';

interface Drawn {
  title: string;
  image: ChartImage | null;
}

/**
 * Sends subscriptions that are due (job `subscriptions`, SUBSCRIPTIONS_CRON): for each, reads the
 * view or the dashboard's views as the subscriber at that moment, draws each chart, and queues one
 * email with the charts as inline PNG images and a link. Nothing is sent when the subscriber can no
 * longer see it, and the subscription waits for its next period. Moving the subscription on and
 * queuing the email happen in one transaction, so a period is sent once.
 */
@Injectable()
export class SubscriptionSender implements OnModuleInit {
  private readonly logger = new Logger(SubscriptionSender.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly reader: ViewReader,
    private readonly mail: MailService,
    private readonly scheduler: SchedulerService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({ name: 'subscriptions', cron: '0 8 * * *', leaseSeconds: 1800, run: (now) => this.sendDue(now).then(() => undefined) });
  }

  /** Sends every subscription due at `now`; returns how many emails were queued. */
  async sendDue(now = new Date()): Promise<number> {
    if (!this.mail.enabled) return 0;
    let queued = 0;
    for (const s of await this.subscriptions.dueSubscriptions(now)) {
      try {
        queued += (await this.sendOne(s, now)) ? 1 : 0;
      } catch (err) {
        this.logger.warn(`Subscription ${s.id}: ${(err as Error).message}`);
      }
    }
    if (queued > 0) this.mail.wake();
    return queued;
  }

  private async sendOne(s: Subscription, now: Date): Promise<boolean> {
    const next = nextPeriodStart(s.frequency, now);
    const caller = await this.reader.callerOf(s.userId);
    const drawn = caller ? await this.draw(caller, s) : { outcome: 'no_user' as const };
    return this.dataSource.transaction(async (em) => {
      if ('outcome' in drawn) {
        const moved = await this.subscriptions.advance(em, s, next, drawn.outcome, null);
        if (moved) await this.audit.record({ actor: caller ? actorOf(caller) : null, action: 'subscription.skipped', target: { type: 'subscription', id: s.id }, details: { reason: drawn.outcome, targetType: s.targetType, targetId: s.targetId } }, em);
        return false;
      }
      if (!(await this.subscriptions.advance(em, s, next, 'sent', now))) return false;
      const message = this.compose(s, drawn.title, drawn.path, drawn.charts);
      await this.mail.queue([{ userId: s.userId, toAddress: caller!.email, kind: 'subscription', dedupeKey: `subscription:${s.id}:${s.nextSendAt.toISOString()}`, ...message }], em);
      await this.audit.record({ actor: actorOf(caller!), action: 'subscription.sent', target: { type: 'subscription', id: s.id }, details: { targetType: s.targetType, targetId: s.targetId, charts: drawn.charts.filter((c) => c.image).length } }, em);
      return true;
    });
  }

  /** The charts the subscriber may see now, or why there are none. */
  private async draw(caller: AuthUser, s: Subscription): Promise<{ title: string; path: string; charts: Drawn[] } | { outcome: string }> {
    let path = `/dashboards/${s.targetId}`;
    let title: string;
    let viewIds: string[];
    if (s.targetType === 'dashboard') {
      const board = await this.reader.dashboardViews(caller, s.targetId);
      if (!board) return { outcome: 'gone' };
      ({ title, viewIds } = board);
    } else {
      title = '';
      viewIds = [s.targetId];
    }
    const charts: Drawn[] = [];
    const reasons = new Set<string>();
    for (const id of viewIds) {
      const view = await this.reader.view(caller, id);
      if (isUnreadable(view)) {
        reasons.add(view.reason);
        continue;
      }
      if (s.targetType === 'view') {
        title = view.title;
        path = viewPath(view.id, view.chart.options);
      }
      const result = await this.reader.run(caller, view.query as QuerySpecInput, 'email');
      if (isUnreadable(result)) {
        reasons.add(result.reason);
        continue;
      }
      charts.push({ title: view.title, image: renderChart(result, view.chart, view.title) });
    }
    if (charts.length === 0) return { outcome: [...reasons][0] ?? 'no_charts' };
    return { title, path, charts };
  }

  private compose(s: Subscription, title: string, path: string, charts: Drawn[]) {
    const base = this.config.mail.publicUrl;
    const link = `${base}${path}`;
    const attachments: OutboxAttachment[] = [];
    const blocks = charts.map((c, i) => {
      if (!c.image) return `<h2 style="font-size: 19px;">${escapeHtml(c.title)}</h2><p>This one is a table: open it in the hub.</p>`;
      const cid = `chart-${i + 1}@csp-hub`;
      attachments.push({ filename: `chart-${i + 1}.png`, contentType: 'image/png', content: c.image.png.toString('base64'), cid });
      return `<h2 style="font-size: 19px;">${escapeHtml(c.title)}</h2><img src="cid:${cid}" alt="${escapeHtml(c.image.alt)}" width="640" style="max-width: 100%; height: auto;">`;
    });
    const what = s.targetType === 'dashboard' ? 'dashboard' : 'saved view';
    const composed = page(
      `[CSP Hub] Your ${s.frequency} ${what}`,
      [`${title}`, `Your ${s.frequency} copy of this ${what}, as you may see it today. Figures are released under the hub's disclosure control; small counts are withheld and not drawn.`],
      [{ label: `Open the ${what} in the hub`, href: link }, { label: 'Your subscriptions', href: `${base}/account/subscriptions` }],
      base,
      blocks.join('\n'),
    );
    return { subject: composed.subject, textBody: composed.text, htmlBody: composed.html, attachments };
  }
}

/** Where the app opens a saved view: Explore with its saved state, else the view's page. */
function viewPath(id: string, options: Record<string, unknown> | undefined): string {
  const explore = options?.explore;
  return typeof explore === 'string' && explore ? `/explore?${explore}` : `/dashboards/views/${id}`;
}
