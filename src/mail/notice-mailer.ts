import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import type { NotificationKind } from '../governance/notification.entity.js';
import { SchedulerService } from '../scheduler/scheduler.service.js';
import { MailService } from './mail.service.js';
import { NoticeMailRepository, type NoticeToMail } from './notice-mail.repository.js';
import { ALL_KINDS, composeDigest, composeNotice, EMAIL_KINDS } from './notification-email.js';

const IMMEDIATE_BY_DEFAULT = ALL_KINDS.filter((k) => EMAIL_KINDS[k].initial === 'immediate');
/** Notices older than this are not emailed (e.g. written while SMTP was not configured). */
const LOOKBACK_MS = 7 * 86_400_000;

/**
 * Turns in-app notices into email by each user's choice: "immediate" ones shortly after they are
 * written (and by a minute's sweep, should a process stop in between), "digest" ones once a day in
 * one message per user.
 */
@Injectable()
export class NoticeMailer implements OnModuleInit {
  private readonly logger = new Logger(NoticeMailer.name);
  private pending: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notices: NoticeMailRepository,
    private readonly mail: MailService,
    private readonly scheduler: SchedulerService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({ name: 'email-immediate', cron: '* * * * *', run: (now) => this.sendImmediate(now).then(() => undefined) });
    this.scheduler.register({ name: 'email-digest', cron: '0 7 * * *', run: (now) => this.sendDigests(now).then(() => undefined) });
  }

  /** Called when notices were written: emails the immediate ones once their transaction has had time to commit. */
  soon(): void {
    if (!this.mail.enabled || this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = null;
      this.sendImmediate().catch((err: Error) => this.logger.warn(`Immediate notice email: ${err.message}`));
    }, 200);
    this.pending.unref();
  }

  /** Queues one email per notice chosen for immediate email. Returns how many. */
  async sendImmediate(now = new Date()): Promise<number> {
    if (!this.mail.enabled) return 0;
    const count = await this.dataSource.transaction(async (em) => {
      const taken = await this.notices.takeForEmail(em, 'immediate', IMMEDIATE_BY_DEFAULT, new Date(now.getTime() - LOOKBACK_MS), now);
      const messages = taken.map((n) => ({ userId: n.userId, toAddress: n.email, kind: n.kind, dedupeKey: `notice:${n.id}`, ...asMessage(composeNotice(n.kind, this.config.mail.publicUrl, targetPath(n))) }));
      return this.mail.queue(messages, em);
    });
    if (count > 0) this.mail.wake();
    return count;
  }

  /** Queues each user's daily summary of notices chosen for the digest. Returns how many emails. */
  async sendDigests(now = new Date()): Promise<number> {
    if (!this.mail.enabled) return 0;
    const count = await this.dataSource.transaction(async (em) => {
      const taken = await this.notices.takeForEmail(em, 'digest', IMMEDIATE_BY_DEFAULT, new Date(now.getTime() - LOOKBACK_MS), now);
      const byUser = new Map<string, { email: string; counts: Map<NotificationKind, number> }>();
      for (const n of taken) {
        const entry = byUser.get(n.userId) ?? { email: n.email, counts: new Map() };
        entry.counts.set(n.kind, (entry.counts.get(n.kind) ?? 0) + 1);
        byUser.set(n.userId, entry);
      }
      const messages = [...byUser].map(([userId, { email, counts }]) => ({ userId, toAddress: email, kind: 'digest', ...asMessage(composeDigest(counts, this.config.mail.publicUrl)) }));
      return this.mail.queue(messages, em);
    });
    if (count > 0) this.mail.wake();
    return count;
  }
}

function asMessage(c: { subject: string; text: string; html: string }) {
  return { subject: c.subject, textBody: c.text, htmlBody: c.html };
}

/** A page for the notice's own target where the client has one. */
function targetPath(n: NoticeToMail): string | null {
  if (n.targetType === 'load' && n.targetId) return `/loads/${encodeURIComponent(n.targetId)}`;
  if (n.targetType === 'view' && n.targetId) return `/dashboards/views/${encodeURIComponent(n.targetId)}`;
  return null;
}
