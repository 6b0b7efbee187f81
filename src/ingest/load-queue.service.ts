import { Injectable, Logger } from '@nestjs/common';
import type { Load } from './load.entity.js';
import { PipelineService } from './pipeline.service.js';

/**
 * Runs loads one at a time in the server process, in the order they were queued. DuckDB does the
 * heavy lifting in its own threads; one load at a time keeps memory predictable.
 */
@Injectable()
export class LoadQueue {
  private readonly logger = new Logger(LoadQueue.name);
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  constructor(private readonly pipeline: PipelineService) {}

  /** Queues a load; the promise settles when it has run (callers may ignore it). */
  enqueue(loadId: string, onProgress?: (load: Load) => void): Promise<Load> {
    this.pending++;
    const run = this.tail.then(() => this.pipeline.run(loadId, onProgress));
    this.tail = run
      .catch((err) => this.logger.error(`Load ${loadId} could not run: ${(err as Error).message}`))
      .finally(() => this.pending--);
    return run;
  }

  /**
   * Runs `task` in turn with the loads: after those queued before it, before those queued after,
   * never during one (an erasure must not race a publish of the same records).
   */
  inTurn<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Settles when every queued load has run. */
  async whenIdle(): Promise<void> {
    while (this.pending > 0) await this.tail;
  }

  get size(): number {
    return this.pending;
  }
}
