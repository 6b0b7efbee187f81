import { Logger } from '@nestjs/common';
import type { AuditEvent } from './audit-event.js';

/** One event waiting to be written, stamped with the moment it happened. */
export interface QueuedAuditEvent {
  event: AuditEvent;
  at: Date;
}

export interface AuditQueueOptions {
  /** Most entries written in one transaction. */
  maxBatch: number;
  /** Most entries waiting; beyond it new events are refused rather than queued. */
  maxPending: number;
  /** First wait after a failed write; doubles up to {@link maxRetryDelayMs}. */
  retryDelayMs: number;
  maxRetryDelayMs: number;
}

/**
 * Events recorded off the response path: kept in arrival order and written by one writer at a
 * time, in batches, so the chain order is the order events arrived. A failed batch goes back to
 * the front of the queue and is retried; nothing is dropped while the process lives.
 */
export class AuditQueue {
  private readonly logger = new Logger('AuditQueue');
  private readonly pending: QueuedAuditEvent[] = [];
  private readonly waiters: { upTo: number; resolve: () => void; reject: (err: Error) => void }[] = [];
  /** Events ever queued, and ever written: a flush waits for `written` to reach `queued` as it was. */
  private queued = 0;
  private written = 0;
  private writing: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private failures = 0;

  constructor(
    private readonly write: (batch: readonly QueuedAuditEvent[]) => Promise<void>,
    private readonly options: AuditQueueOptions,
  ) {}

  /** Entries not yet written. */
  get size(): number {
    return this.pending.length;
  }

  /** Whether another event may be queued (false while the store is failing and the backlog is full). */
  hasRoom(): boolean {
    return this.pending.length < this.options.maxPending;
  }

  /** Queues an event and starts a write if none is running. Call {@link hasRoom} first. */
  push(item: QueuedAuditEvent): void {
    this.pending.push(item);
    this.queued++;
    if (!this.retryTimer) this.writing ??= this.drain();
  }

  /**
   * Resolves when every entry queued before the call is written (later ones do not hold it up);
   * rejects if a write fails meanwhile, the entries staying queued for the next attempt.
   */
  flush(): Promise<void> {
    const upTo = this.queued;
    if (this.written >= upTo) return Promise.resolve();
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ upTo, resolve, reject }));
    this.writing ??= this.drain();
    return done;
  }

  /** Events still queued, removed from the queue (for a last-resort log line when the store is gone). */
  takeAll(): QueuedAuditEvent[] {
    return this.pending.splice(0, this.pending.length);
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.slice(0, this.options.maxBatch);
        try {
          await this.write(batch);
        } catch (err) {
          this.failed(batch.length, err as Error);
          return;
        }
        this.failures = 0;
        this.pending.splice(0, batch.length);
        this.written += batch.length;
        this.settle((w) => (w.upTo <= this.written ? (w.resolve(), true) : false));
      }
    } finally {
      this.writing = null;
    }
  }

  private failed(batchSize: number, err: Error): void {
    this.failures++;
    const delay = Math.min(this.options.retryDelayMs * 2 ** (this.failures - 1), this.options.maxRetryDelayMs);
    this.logger.error(`Could not write ${batchSize} audit entries (${this.pending.length} waiting); retrying in ${delay} ms: ${err.message}`);
    this.settle((w) => (w.reject(new Error(`Audit entries could not be written: ${err.message}`)), true));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.writing ??= this.drain();
    }, delay);
    this.retryTimer.unref();
  }

  /** Removes the waiters `done` settles. */
  private settle(done: (waiter: (typeof this.waiters)[number]) => boolean): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) if (done(this.waiters[i])) this.waiters.splice(i, 1);
  }
}
