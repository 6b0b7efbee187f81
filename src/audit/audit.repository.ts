import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
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
    const [entry] = await this.appendMany(em, [{ event, at }]);
    return entry;
  }

  /**
   * Appends entries in the order given, each chained to the one before, under one turn of the lock
   * and in one INSERT (the batched query audit writes through this).
   */
  async appendMany(em: EntityManager, items: readonly { event: AuditEvent; at: Date }[]): Promise<AuditEntry[]> {
    if (items.length === 0) return [];
    await em.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
    // Read after the lock is held, so the last hash is the one every earlier append committed.
    const [{ hash, ids }] = await em.query(
      `SELECT (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS hash,
              ARRAY(SELECT nextval('audit_log_id_seq')::text FROM generate_series(1, $1::int)) AS ids`,
      [items.length],
    );
    let prevHash: string = hash ?? GENESIS_HASH;
    const entries = items.map(({ event, at }, i) => {
      const entry = em.create(AuditEntry, {
        id: (ids as string[])[i],
        at,
        actorId: event.actor?.id ?? null,
        actorEmail: event.actor?.email ?? event.actorEmail ?? null,
        organisationId: event.actor?.organisationId ?? null,
        action: event.action,
        targetType: event.target?.type ?? null,
        targetId: event.target?.id ?? null,
        details: event.details ?? {},
        address: event.address ?? null,
        prevHash,
      });
      entry.hash = entryHash(entry);
      prevHash = entry.hash;
      return entry;
    });
    await em.insert(AuditEntry, entries as QueryDeepPartialEntity<AuditEntry>[]);
    return entries;
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
