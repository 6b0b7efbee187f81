import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, LessThanOrEqual } from 'typeorm';
import { Subscription } from './subscription.entity.js';
import { ViewAlert } from './view-alert.entity.js';

/** The one repository for `subscriptions` and `view_alerts`. */
@Injectable()
export class SubscriptionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private subs(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(Subscription);
  }

  private alerts(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(ViewAlert);
  }

  subscriptionsOf(userId: string): Promise<Subscription[]> {
    return this.subs().find({ where: { userId }, order: { createdAt: 'ASC' } });
  }

  findSubscription(id: string): Promise<Subscription | null> {
    return this.subs().findOneBy({ id });
  }

  /** Adds a subscription, or changes the frequency of the user's existing one to the same target. */
  async upsertSubscription(em: EntityManager, s: Pick<Subscription, 'userId' | 'targetType' | 'targetId' | 'frequency' | 'nextSendAt'>): Promise<Subscription> {
    await em
      .createQueryBuilder()
      .insert()
      .into(Subscription)
      .values(s)
      .orUpdate(['frequency', 'next_send_at'], ['user_id', 'target_type', 'target_id'])
      .execute();
    return (await this.subs(em).findOneBy({ userId: s.userId, targetType: s.targetType, targetId: s.targetId }))!;
  }

  async deleteSubscription(em: EntityManager, id: string): Promise<void> {
    await this.subs(em).delete({ id });
  }

  dueSubscriptions(now: Date, limit = 500): Promise<Subscription[]> {
    return this.subs().find({ where: { nextSendAt: LessThanOrEqual(now) }, order: { nextSendAt: 'ASC' }, take: limit });
  }

  /**
   * Moves a due subscription on to its next period, only if no one else has (the conditional
   * update is the claim); true when this caller moved it.
   */
  async advance(em: EntityManager, s: Subscription, next: Date, outcome: string, sentAt: Date | null): Promise<boolean> {
    const result = await em
      .createQueryBuilder()
      .update(Subscription)
      .set({ nextSendAt: next, lastOutcome: outcome, ...(sentAt ? { lastSentAt: sentAt } : {}) })
      .where('id = :id AND next_send_at = :due', { id: s.id, due: s.nextSendAt })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  alertsOf(userId: string): Promise<ViewAlert[]> {
    return this.alerts().find({ where: { userId }, order: { createdAt: 'ASC' } });
  }

  findAlert(id: string): Promise<ViewAlert | null> {
    return this.alerts().findOneBy({ id });
  }

  insertAlert(em: EntityManager, a: Pick<ViewAlert, 'userId' | 'viewId' | 'rule' | 'threshold'>): Promise<ViewAlert> {
    return this.alerts(em).save(this.alerts(em).create(a));
  }

  async deleteAlert(em: EntityManager, id: string): Promise<void> {
    await this.alerts(em).delete({ id });
  }

  allAlerts(): Promise<ViewAlert[]> {
    return this.alerts().find({ order: { createdAt: 'ASC' } });
  }

  /**
   * Records a check; when it fired for `firedMonth`, only if it had not already fired for that
   * month. True when this check is the one that fired.
   */
  async recordCheck(em: EntityManager, id: string, at: Date, outcome: string, firedMonth: string | null): Promise<boolean> {
    if (!firedMonth) {
      await this.alerts(em).update({ id }, { lastCheckedAt: at, lastOutcome: outcome });
      return false;
    }
    const result = await em
      .createQueryBuilder()
      .update(ViewAlert)
      .set({ lastCheckedAt: at, lastOutcome: outcome, lastFiredMonth: firedMonth })
      .where('id = :id AND (last_fired_month IS NULL OR last_fired_month <> :month)', { id, month: firedMonth })
      .execute();
    if ((result.affected ?? 0) === 0) await this.alerts(em).update({ id }, { lastCheckedAt: at });
    return (result.affected ?? 0) > 0;
  }
}
