import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { NotificationKind } from '../governance/notification.entity.js';
import { EmailPreference } from './email-preference.entity.js';
import type { EmailDelivery } from './notification-email.js';

/** A notice taken for email, with where it goes. */
export interface NoticeToMail {
  id: string;
  userId: string;
  email: string;
  kind: NotificationKind;
  targetType: string | null;
  targetId: string | null;
}

/** Email preferences, and taking notices out of `notifications` for email exactly once. */
@Injectable()
export class NoticeMailRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  preferences(userId: string): Promise<EmailPreference[]> {
    return this.dataSource.getRepository(EmailPreference).findBy({ userId });
  }

  async savePreferences(em: EntityManager, userId: string, choices: { kind: string; delivery: EmailDelivery }[]): Promise<void> {
    if (choices.length === 0) return;
    await em
      .createQueryBuilder()
      .insert()
      .into(EmailPreference)
      .values(choices.map((c) => ({ userId, kind: c.kind, delivery: c.delivery })))
      .orUpdate(['delivery', 'updated_at'], ['user_id', 'kind'])
      .execute();
  }

  /**
   * Marks unread, not-yet-emailed notices from enabled users whose choice for the kind is
   * `delivery` (a kind in `immediateByDefault` defaults to immediate, others to digest) as emailed
   * and returns them, inside the caller's transaction: the outbox rows are written in the same one,
   * so a notice is emailed once even with several hub processes (SKIP LOCKED).
   */
  async takeForEmail(em: EntityManager, delivery: EmailDelivery, immediateByDefault: string[], since: Date, at: Date): Promise<NoticeToMail[]> {
    const result: unknown[] = await em.query(
      `WITH taken AS (
         SELECT n.id FROM notifications n
         JOIN users u ON u.id = n.user_id AND NOT u.disabled
         LEFT JOIN email_preferences p ON p.user_id = n.user_id AND p.kind = n.kind
         WHERE n.emailed_at IS NULL AND n.read_at IS NULL AND n.created_at > $2
           AND COALESCE(p.delivery, CASE WHEN n.kind = ANY($3::text[]) THEN 'immediate' ELSE 'digest' END) = $1
         ORDER BY n.created_at LIMIT 1000
         FOR UPDATE OF n SKIP LOCKED)
       UPDATE notifications SET emailed_at = $4 FROM taken, users u
       WHERE notifications.id = taken.id AND u.id = notifications.user_id
       RETURNING notifications.id, notifications.user_id AS "userId", u.email, notifications.kind, notifications.target_type AS "targetType", notifications.target_id AS "targetId"`,
      [delivery, since, immediateByDefault, at],
    );
    return (Array.isArray(result[0]) ? result[0] : result) as NoticeToMail[];
  }
}
