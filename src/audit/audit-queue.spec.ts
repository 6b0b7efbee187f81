import { AuditQueue, type QueuedAuditEvent } from './audit-queue.js';

const event = (i: number): QueuedAuditEvent => ({ event: { actor: null, action: 'test.queued', details: { i } }, at: new Date(0) });
const numbers = (batch: readonly QueuedAuditEvent[]) => batch.map((b) => b.event.details!.i as number);
const options = { maxBatch: 4, maxPending: 10, retryDelayMs: 5, maxRetryDelayMs: 20 };

describe('AuditQueue', () => {
  it('writes events in arrival order, one writer at a time, in batches', async () => {
    const batches: number[][] = [];
    let writing = 0;
    const queue = new AuditQueue(async (batch) => {
      expect(++writing).toBe(1);
      await new Promise((r) => setImmediate(r));
      batches.push(numbers(batch));
      writing--;
    }, options);
    for (let i = 0; i < 9; i++) queue.push(event(i));
    await queue.flush();
    expect(batches.flat()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(batches.every((b) => b.length <= 4)).toBe(true);
    expect(batches.length).toBeLessThan(9);
    expect(queue.size).toBe(0);
  });

  it('keeps a failed batch at the front and writes it on the retry, losing nothing', async () => {
    const written: number[] = [];
    let fail = 2;
    const queue = new AuditQueue(async (batch) => {
      if (fail-- > 0) throw new Error('database unavailable');
      written.push(...numbers(batch));
    }, options);
    queue.push(event(0));
    queue.push(event(1));
    await expect(queue.flush()).rejects.toThrow(/database unavailable/);
    queue.push(event(2));
    expect(written).toEqual([]);
    await expect(queue.flush()).rejects.toThrow(/database unavailable/);
    await queue.flush();
    expect(written).toEqual([0, 1, 2]);
  });

  it('retries on its own after a failure', async () => {
    const written: number[] = [];
    let fail = true;
    const queue = new AuditQueue(async (batch) => {
      if (fail) {
        fail = false;
        throw new Error('blip');
      }
      written.push(...numbers(batch));
    }, options);
    queue.push(event(7));
    await new Promise((r) => setTimeout(r, 50));
    expect(written).toEqual([7]);
  });

  it('has no room past its backlog bound', () => {
    const queue = new AuditQueue(() => new Promise(() => {}), options);
    for (let i = 0; i < 10; i++) {
      expect(queue.hasRoom()).toBe(true);
      queue.push(event(i));
    }
    expect(queue.hasRoom()).toBe(false);
    expect(queue.takeAll().map((q) => q.event.details!.i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('does not hold a flush up for events queued after it', async () => {
    const release: (() => void)[] = [];
    const queue = new AuditQueue((batch) => new Promise<void>((r) => release.push(r)).then(() => void numbers(batch)), { ...options, maxBatch: 1 });
    queue.push(event(0));
    const flushed = queue.flush();
    queue.push(event(1));
    let done = false;
    void flushed.then(() => (done = true));
    release.shift()!();
    await flushed;
    expect(done).toBe(true);
    expect(queue.size).toBe(1);
    release.shift()!();
    await queue.flush();
  });
});
