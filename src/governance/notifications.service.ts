import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { GrantsService } from '../access/grants.service.js';
import { Role } from '../auth/role.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import type { User } from '../users/user.entity.js';
import { UsersRepository } from '../users/users.repository.js';
import { NoticeMailer } from '../mail/notice-mailer.js';
import { AgreementStatus } from './agreement.entity.js';
import { AgreementsRepository } from './agreements.repository.js';
import { NotificationKind, type Notification } from './notification.entity.js';
import { type NewNotification, NotificationsRepository } from './notifications.repository.js';

const DAY_MS = 86_400_000;

/** In-app notices: writes them for the workflow, and serves each user their own list. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly users: UsersRepository,
    private readonly grants: GrantsService,
    private readonly agreements: AgreementsRepository,
    private readonly mailer: NoticeMailer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Sends one notice to each user id (deduplicated, never to nobody). */
  async send(userIds: Iterable<string>, notice: Omit<NewNotification, 'userId'>, em?: EntityManager): Promise<number> {
    const items = [...new Set(userIds)].map((userId) => ({ ...notice, userId }));
    const added = await this.notifications.insertMany(items, em);
    if (added > 0) this.mailer.soon();
    return added;
  }

  /**
   * Every account, read before a transaction opens, or inside it through its EntityManager: on
   * embedded PGlite a read outside the transaction would wait for the one connection it holds.
   */
  directory(em?: EntityManager): Promise<User[]> {
    return this.users.list(em);
  }

  /** Enabled users who could decide on requests for a dataset owned by `ownerOrganisationId`. */
  approversFor(users: readonly User[], ownerOrganisationId: string, capacities: readonly string[]): string[] {
    return users
      .filter((u) => !u.disabled)
      .filter(
        (u) =>
          (capacities.includes('data_owner') && u.roles.includes(Role.DataOwner) && u.organisationId === ownerOrganisationId) ||
          (capacities.includes('imb') && u.roles.includes(Role.Imb)),
      )
      .map((u) => u.id);
  }

  /** The users a grant reaches: its named user, or every enabled user of its organisation. */
  granteesOf(users: readonly User[], grant: { granteeUserId: string | null; granteeOrganisationId: string | null }): string[] {
    if (grant.granteeUserId) return [grant.granteeUserId];
    return users.filter((u) => !u.disabled && u.organisationId === grant.granteeOrganisationId).map((u) => u.id);
  }

  /**
   * Tells grantees about live grants ending within the review window (30 days by default), and
   * again in their last 7 days. Safe to repeat: each milestone of each end date is notified once per
   * user (a new end date after recertification notifies again).
   */
  async notifyExpiringGrants(now = new Date()): Promise<number> {
    const window = this.config.governance.review.expiringDays;
    const horizon = new Date(now.getTime() + window * DAY_MS);
    const live = await this.grants.find({ liveAt: now });
    const users = await this.directory();
    let sent = 0;
    for (const grant of live.filter((g) => g.endsAt <= horizon)) {
      const days = Math.max(0, Math.ceil((grant.endsAt.getTime() - now.getTime()) / DAY_MS));
      sent += await this.send(this.granteesOf(users, grant), {
        kind: NotificationKind.GrantExpiring,
        title: `Your access to a dataset ends in ${days} day${days === 1 ? '' : 's'}`,
        body: `Access ends on ${grant.endsAt.toISOString().slice(0, 10)}. Ask for it again if you still need it.`,
        targetType: 'grant',
        targetId: grant.id,
        dedupeKey: `grant-expiring:${grant.id}:${grant.endsAt.toISOString()}${milestone(days, window)}`,
      });
    }
    return sent;
  }

  /** Tells IMB members about agreements in force ending within 30 days, and again within 7. */
  async notifyExpiringAgreements(now = new Date()): Promise<number> {
    const window = this.config.governance.review.expiringDays;
    const horizon = new Date(now.getTime() + window * DAY_MS);
    const ending = (await this.agreements.list()).filter((a) => a.status === AgreementStatus.Active && a.endsAt > now && a.endsAt <= horizon);
    if (ending.length === 0) return 0;
    const imb = (await this.directory()).filter((u) => !u.disabled && u.roles.includes(Role.Imb)).map((u) => u.id);
    let sent = 0;
    for (const a of ending) {
      const days = Math.max(0, Math.ceil((a.endsAt.getTime() - now.getTime()) / DAY_MS));
      sent += await this.send(imb, {
        kind: NotificationKind.AgreementExpiring,
        title: `Agreement ends in ${days} day${days === 1 ? '' : 's'}: ${a.title}`,
        body: `The agreement ends on ${a.endsAt.toISOString().slice(0, 10)}; grants under it end with it unless it is renewed.`,
        targetType: 'agreement',
        targetId: a.id,
        dedupeKey: `agreement-expiring:${a.id}:${a.endsAt.toISOString()}${milestone(days, window)}`,
      });
    }
    return sent;
  }

  /** Once a request is decided, the other approvers' "pending" notices are no longer news. */
  settleApprovalNotices(em: EntityManager, requestId: string): Promise<void> {
    return this.notifications.markTargetRead(em, NotificationKind.ApprovalPending, 'access_request', requestId, new Date());
  }

  /** Tells IMB members about agreements in force whose review date falls within the window; once per review date. */
  async notifyAgreementReviews(now = new Date()): Promise<number> {
    const horizon = new Date(now.getTime() + this.config.governance.review.expiringDays * DAY_MS);
    const due = (await this.agreements.list()).filter((a) => a.status === AgreementStatus.Active && a.endsAt > now && a.reviewAt <= horizon);
    if (due.length === 0) return 0;
    const imb = (await this.directory()).filter((u) => !u.disabled && u.roles.includes(Role.Imb)).map((u) => u.id);
    let sent = 0;
    for (const a of due) {
      sent += await this.send(imb, {
        kind: NotificationKind.AgreementReviewDue,
        title: `Agreement review due: ${a.title}`,
        body: `Review by ${a.reviewAt.toISOString().slice(0, 10)}; the agreement ends on ${a.endsAt.toISOString().slice(0, 10)}.`,
        targetType: 'agreement',
        targetId: a.id,
        dedupeKey: `agreement-review:${a.id}:${a.reviewAt.toISOString()}`,
      });
    }
    return sent;
  }

  /** The scheduled sweep: expiring grants and agreements, and agreement reviews coming due. */
  async sweep(now = new Date()): Promise<number> {
    return (await this.notifyExpiringGrants(now)) + (await this.notifyAgreementReviews(now)) + (await this.notifyExpiringAgreements(now));
  }

  page(userId: string, unreadOnly: boolean, page: number, pageSize: number): Promise<[Notification[], number]> {
    return this.notifications.page(userId, unreadOnly, (page - 1) * pageSize, pageSize);
  }

  countUnread(userId: string): Promise<number> {
    return this.notifications.countUnread(userId);
  }

  markRead(userId: string, ids: string[] | 'all'): Promise<number> {
    return this.notifications.markRead(userId, ids, new Date());
  }
}

/** The dedupe suffix of a 30/7-day milestone: none for the first notice in the window, `:7d` in the last week. */
function milestone(days: number, window: number): string {
  return days <= 7 && window > 7 ? ':7d' : '';
}
