import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { actorOf } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { badRequest, DomainError, notFound } from '../common/domain-error.js';
import { MailService } from '../mail/mail.service.js';
import { sharedWith } from '../views/sharing.js';
import { ViewsRepository } from '../views/views.repository.js';
import { ViewsService } from '../views/views.service.js';
import { nextPeriodStart } from './periods.js';
import type { AlertDto, CreateAlertDto, CreateSubscriptionDto, MySubscriptionsDto, SubscriptionDto } from './subscriptions.dto.js';
import { SubscriptionsRepository } from './subscriptions.repository.js';

const MAX_EACH = 50;

/** A user's own subscriptions to views and dashboards, and their alerts on views. */
@Injectable()
export class SubscriptionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: SubscriptionsRepository,
    private readonly views: ViewsService,
    private readonly viewsRepository: ViewsRepository,
    private readonly mail: MailService,
    private readonly audit: AuditService,
  ) {}

  async mine(caller: AuthUser): Promise<MySubscriptionsDto> {
    const [subs, alerts] = await Promise.all([this.repository.subscriptionsOf(caller.id), this.repository.alertsOf(caller.id)]);
    const subscriptions: SubscriptionDto[] = [];
    for (const s of subs) {
      subscriptions.push({
        id: s.id, targetType: s.targetType, targetId: s.targetId, title: await this.titleOf(caller, s.targetType, s.targetId), frequency: s.frequency,
        nextSendAt: s.nextSendAt.toISOString(), lastSentAt: s.lastSentAt?.toISOString() ?? null, lastOutcome: s.lastOutcome,
      });
    }
    const alertDtos: AlertDto[] = [];
    for (const a of alerts) {
      alertDtos.push({
        id: a.id, viewId: a.viewId, title: await this.titleOf(caller, 'view', a.viewId), rule: a.rule, threshold: a.threshold,
        lastCheckedAt: a.lastCheckedAt?.toISOString() ?? null, lastFiredMonth: a.lastFiredMonth, lastOutcome: a.lastOutcome,
      });
    }
    return { emailEnabled: this.mail.enabled, subscriptions, alerts: alertDtos };
  }

  /** Subscribes to a view or dashboard the caller sees now (again: changes the frequency). */
  async subscribe(caller: AuthUser, dto: CreateSubscriptionDto, address: string | null): Promise<SubscriptionDto> {
    const title = await this.titleOf(caller, dto.targetType, dto.targetId);
    if (title === null) throw notFound(`${dto.targetType}_not_found`, `There is no such ${dto.targetType === 'view' ? 'saved view' : 'dashboard'}, or it has not been shared with you.`);
    const existing = await this.repository.subscriptionsOf(caller.id);
    if (existing.length >= MAX_EACH && !existing.some((s) => s.targetType === dto.targetType && s.targetId === dto.targetId)) {
      throw badRequest('too_many_subscriptions', `You can have up to ${MAX_EACH} subscriptions. Unsubscribe from one first.`);
    }
    const s = await this.dataSource.transaction(async (em) => {
      const saved = await this.repository.upsertSubscription(em, { userId: caller.id, targetType: dto.targetType, targetId: dto.targetId, frequency: dto.frequency, nextSendAt: nextPeriodStart(dto.frequency, new Date()) });
      await this.audit.record({ actor: actorOf(caller), action: 'subscription.created', target: { type: 'subscription', id: saved.id }, details: { targetType: dto.targetType, targetId: dto.targetId, frequency: dto.frequency }, address }, em);
      return saved;
    });
    return { id: s.id, targetType: s.targetType, targetId: s.targetId, title, frequency: s.frequency, nextSendAt: s.nextSendAt.toISOString(), lastSentAt: s.lastSentAt?.toISOString() ?? null, lastOutcome: s.lastOutcome };
  }

  async unsubscribe(caller: AuthUser, id: string, address: string | null): Promise<void> {
    const s = await this.repository.findSubscription(id);
    if (!s || s.userId !== caller.id) throw notFound('subscription_not_found', 'You have no such subscription.');
    await this.dataSource.transaction(async (em) => {
      await this.repository.deleteSubscription(em, id);
      await this.audit.record({ actor: actorOf(caller), action: 'subscription.deleted', target: { type: 'subscription', id }, details: { targetType: s.targetType, targetId: s.targetId }, address }, em);
    });
  }

  /** Adds an alert on a saved view the caller sees now. */
  async addAlert(caller: AuthUser, dto: CreateAlertDto, address: string | null): Promise<AlertDto> {
    if (dto.rule === 'unusual' && dto.threshold !== undefined && dto.threshold !== null) throw badRequest('threshold_not_wanted', 'An alert on the usual range takes no number: leave it out, or choose "exceeds".');
    const title = await this.titleOf(caller, 'view', dto.viewId);
    if (title === null) throw notFound('view_not_found', 'There is no such saved view, or it has not been shared with you.');
    if ((await this.repository.alertsOf(caller.id)).length >= MAX_EACH) throw badRequest('too_many_alerts', `You can have up to ${MAX_EACH} alerts. Remove one first.`);
    const threshold = dto.rule === 'exceeds' ? dto.threshold! : null;
    const a = await this.dataSource.transaction(async (em) => {
      const saved = await this.repository.insertAlert(em, { userId: caller.id, viewId: dto.viewId, rule: dto.rule, threshold });
      await this.audit.record({ actor: actorOf(caller), action: 'view_alert.created', target: { type: 'view_alert', id: saved.id }, details: { viewId: dto.viewId, rule: dto.rule, threshold }, address }, em);
      return saved;
    });
    return { id: a.id, viewId: a.viewId, title, rule: a.rule, threshold: a.threshold, lastCheckedAt: null, lastFiredMonth: null, lastOutcome: null };
  }

  async removeAlert(caller: AuthUser, id: string, address: string | null): Promise<void> {
    const a = await this.repository.findAlert(id);
    if (!a || a.userId !== caller.id) throw notFound('alert_not_found', 'You have no such alert.');
    await this.dataSource.transaction(async (em) => {
      await this.repository.deleteAlert(em, id);
      await this.audit.record({ actor: actorOf(caller), action: 'view_alert.deleted', target: { type: 'view_alert', id }, details: { viewId: a.viewId }, address }, em);
    });
  }

  /** The title of a view or dashboard the caller may see now; null otherwise. */
  private async titleOf(caller: AuthUser, type: 'view' | 'dashboard', id: string): Promise<string | null> {
    if (type === 'dashboard') {
      const board = await this.viewsRepository.findDashboard(id);
      return board && sharedWith(board, caller) ? board.title : null;
    }
    try {
      return (await this.views.visible(caller, id)).title;
    } catch (err) {
      if (err instanceof DomainError && err.status === 404) return null;
      throw err;
    }
  }
}
