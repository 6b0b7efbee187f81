import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { type NewOutboxMessage, OutboxMessage, type OutboxStatus } from './outbox-message.entity.js';

/** The one repository for `email_outbox`. */
@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(OutboxMessage);
  }

  /** Queues messages (inside the caller's transaction when given); a repeated dedupe key is skipped. Returns how many were new. */
  async enqueue(messages: NewOutboxMessage[], em?: EntityManager): Promise<number> {
    if (messages.length === 0) return 0;
    const rows = messages.map((m) => ({ ...m, attachments: m.attachments ?? [], dedupeKey: m.dedupeKey ?? null, status: 'pending' as const, nextAttemptAt: new Date() }));
    const result = await this.repo(em).createQueryBuilder().insert().into(OutboxMessage).values(rows).orIgnore().execute();
    return result.identifiers.filter(Boolean).length;
  }

  /**
   * Takes up to `limit` due messages for sending: pending ones whose time has come, and ones left
   * "sending" by a process that died (lease expired). SKIP LOCKED lets several processes claim
   * side by side without taking the same message.
   */
  async claim(limit: number, leaseSeconds: number, now: Date): Promise<OutboxMessage[]> {
    const result: unknown[] = await this.dataSource.query(
      `UPDATE email_outbox SET status = 'sending', attempts = attempts + 1, lease_until = $2::timestamptz + make_interval(secs => $3)
       WHERE id IN (
         SELECT id FROM email_outbox
         WHERE (status = 'pending' AND next_attempt_at <= $2) OR (status = 'sending' AND lease_until < $2)
         ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      [limit, now, leaseSeconds],
    );
    const ids = (Array.isArray(result[0]) ? (result[0] as { id: string }[]) : (result as { id: string }[])).map((r) => r.id);
    return ids.length ? this.repo().find({ where: { id: In(ids) }, order: { createdAt: 'ASC' } }) : [];
  }

  async markSent(em: EntityManager, id: string, messageId: string | null, at: Date): Promise<void> {
    await this.repo(em).update({ id, status: 'sending' }, { status: 'sent', sentAt: at, messageId, leaseUntil: null, lastError: null });
  }

  /** A failed attempt: back to pending at `retryAt`, or `failed` for good when out of attempts. */
  async markFailed(em: EntityManager, id: string, error: string, retryAt: Date | null): Promise<void> {
    const changes = retryAt ? { status: 'pending' as const, nextAttemptAt: retryAt } : { status: 'failed' as const };
    await this.repo(em).update({ id, status: 'sending' }, { ...changes, leaseUntil: null, lastError: error.slice(0, 2000) });
  }

  findById(id: string): Promise<OutboxMessage | null> {
    return this.repo().findOneBy({ id });
  }

  countByStatus(): Promise<{ status: OutboxStatus; count: number }[]> {
    return this.dataSource.query(`SELECT status, count(*)::int AS count FROM email_outbox GROUP BY status ORDER BY status`);
  }

  /** The earliest time a pending message is due, to wake the worker then. */
  async nextDue(): Promise<Date | null> {
    const rows: { at: Date | null }[] = await this.dataSource.query(`SELECT min(next_attempt_at) AS at FROM email_outbox WHERE status = 'pending'`);
    return rows[0]?.at ? new Date(rows[0].at) : null;
  }
}
