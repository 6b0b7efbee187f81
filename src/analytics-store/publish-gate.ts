import { Injectable } from '@nestjs/common';
import { Semaphore } from 'async-mutex';

const SLOTS = 1_000;

/**
 * Publishing a load (or rolling one back, or a retention delete) changes DuckDB and then the
 * catalogue; a backup must see both stores between two such changes. Changes hold a shared slot for
 * their whole DuckDB-then-PostgreSQL step; a backup takes every slot while it fixes its snapshots.
 */
@Injectable()
export class PublishGate {
  private readonly slots = new Semaphore(SLOTS);

  /** Runs a change of both stores; many may run at once. */
  shared<T>(work: () => Promise<T>): Promise<T> {
    return this.slots.runExclusive(work, 1);
  }

  /** Runs `work` with no change of both stores in progress. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.slots.runExclusive(work, SLOTS);
  }
}
