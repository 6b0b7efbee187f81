import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { serviceUnavailable } from '../common/domain-error.js';
import { AuditRepository } from './audit.repository.js';
import { AuditQueue } from './audit-queue.js';
import { type ChainBreak, findBreak, GENESIS_HASH } from './audit-chain.js';
import type { AuditEvent } from './audit-event.js';

export interface ChainReport {
  ok: boolean;
  entriesChecked: number;
  firstBreak: ChainBreak | null;
  checkedAt: string;
}

/** Batch size and backlog bound of the deferred (query) audit; see docs/security.md. */
export const DEFERRED_AUDIT = { maxBatch: 500, maxPending: 2000, retryDelayMs: 250, maxRetryDelayMs: 10_000 };

@Injectable()
export class AuditService implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(AuditService.name);
  private readonly deferred: AuditQueue;

  constructor(
    private readonly repository: AuditRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.deferred = new AuditQueue((batch) => this.dataSource.transaction((em) => this.repository.appendMany(em, batch)).then(() => undefined), DEFERRED_AUDIT);
  }

  /**
   * Records an event. Pass the transaction's EntityManager when the event belongs to a change,
   * so the change and its audit entry commit together.
   */
  async record(event: AuditEvent, em?: EntityManager): Promise<void> {
    if (em) await this.repository.append(em, event);
    else await this.repository.appendInOwnTransaction(event);
  }

  /**
   * Records an event off the response path: it is queued in arrival order and written within
   * milliseconds, many to a transaction, chained like any other entry. For high-volume reads
   * (`query.run`) whose answer does not depend on the write. Refuses (503) rather than queue
   * more than {@link DEFERRED_AUDIT}.maxPending unwritten entries, so a failing store cannot let
   * answers run far ahead of the trail. Reads of the log ({@link settled}) wait for the queue.
   */
  recordSoon(event: AuditEvent): void {
    if (!this.deferred.hasRoom()) throw serviceUnavailable('audit_unavailable', 'The hub cannot record questions in its audit log just now, so it cannot answer them. Try again in a minute.');
    this.deferred.push({ event, at: new Date() });
  }

  /** Resolves once every event recorded so far, deferred ones included, is in the log. */
  settled(): Promise<void> {
    return this.deferred.flush();
  }

  /** Writes what is queued before the database closes (the HTTP server stops taking requests first). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.deferred.flush().catch((err) => this.logger.error(`Audit entries still queued at shutdown: ${(err as Error).message}`));
  }

  /** Last resort: anything still queued is written if the database is open, else put in the log. */
  async onApplicationShutdown(): Promise<void> {
    if (this.deferred.size === 0) return;
    if (this.dataSource.isInitialized && (await this.deferred.flush().then(() => true, () => false))) return;
    for (const { event, at } of this.deferred.takeAll()) this.logger.error(`Audit entry could not be written before shutdown: ${JSON.stringify({ ...event, at: at.toISOString() })}`);
  }

  /** Recomputes every hash in order and reports the first broken link. */
  async verify(batchSize = 5000): Promise<ChainReport> {
    await this.settled();
    let afterId = '0';
    let previous = GENESIS_HASH;
    let checked = 0;
    for (;;) {
      const batch = await this.repository.batchAfter(afterId, batchSize);
      if (batch.length === 0) break;
      const result = findBreak(batch, previous);
      checked += result.checked;
      if (result.break) return this.report(checked, result.break);
      previous = result.lastHash;
      afterId = batch[batch.length - 1].id;
    }
    return this.report(checked, null);
  }

  private report(entriesChecked: number, firstBreak: ChainBreak | null): ChainReport {
    return { ok: firstBreak === null, entriesChecked, firstBreak, checkedAt: new Date().toISOString() };
  }
}
