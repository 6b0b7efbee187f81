import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditRepository } from './audit.repository.js';
import { type ChainBreak, findBreak, GENESIS_HASH } from './audit-chain.js';
import type { AuditEvent } from './audit-event.js';

export interface ChainReport {
  ok: boolean;
  entriesChecked: number;
  firstBreak: ChainBreak | null;
  checkedAt: string;
}

@Injectable()
export class AuditService {
  constructor(private readonly repository: AuditRepository) {}

  /**
   * Records an event. Pass the transaction's EntityManager when the event belongs to a change,
   * so the change and its audit entry commit together.
   */
  async record(event: AuditEvent, em?: EntityManager): Promise<void> {
    if (em) await this.repository.append(em, event);
    else await this.repository.appendInOwnTransaction(event);
  }

  /** Recomputes every hash in order and reports the first broken link. */
  async verify(batchSize = 5000): Promise<ChainReport> {
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
