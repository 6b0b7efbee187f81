import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEntry } from './audit-entry.entity.js';
import { entryHash, GENESIS_HASH } from './audit-chain.js';
import type { AuditEvent } from './audit-event.js';

/** Arbitrary constant naming the advisory lock that serialises appends to the chain. */
const CHAIN_LOCK = 7_117_001;

@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Appends one entry, chained to the last; the lock makes concurrent appends take turns. */
  async append(em: EntityManager, event: AuditEvent, at: Date = new Date()): Promise<AuditEntry> {
    await em.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
    const [last] = await em.query('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1');
    const [{ id }] = await em.query(`SELECT nextval('audit_log_id_seq')::text AS id`);
    const entry = em.create(AuditEntry, {
      id,
      at,
      actorId: event.actor?.id ?? null,
      actorEmail: event.actor?.email ?? event.actorEmail ?? null,
      organisationId: event.actor?.organisationId ?? null,
      action: event.action,
      targetType: event.target?.type ?? null,
      targetId: event.target?.id ?? null,
      details: event.details ?? {},
      address: event.address ?? null,
      prevHash: last?.hash ?? GENESIS_HASH,
    });
    entry.hash = entryHash(entry);
    await em.save(AuditEntry, entry);
    return entry;
  }

  async appendInOwnTransaction(event: AuditEvent): Promise<AuditEntry> {
    return this.dataSource.transaction((em) => this.append(em, event));
  }

  /** Entries after `afterId`, oldest first, for walking the chain in batches. */
  async batchAfter(afterId: string, size: number): Promise<AuditEntry[]> {
    return this.dataSource
      .getRepository(AuditEntry)
      .createQueryBuilder('a')
      .where('a.id > :afterId', { afterId })
      .orderBy('a.id', 'ASC')
      .limit(size)
      .getMany();
  }

  async count(): Promise<number> {
    return this.dataSource.getRepository(AuditEntry).count();
  }
}
