import { SchedulerRepository } from '../../src/scheduler/scheduler.repository.js';
import { SchedulerService } from '../../src/scheduler/scheduler.service.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

describe('the job scheduler on the catalogue database', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub();
  });
  afterAll(() => hub?.close());

  it('registers every job with its next due time, and lets one claimant of many run a due job', async () => {
    const names: string[] = (await hub.dataSource.query(`SELECT name FROM scheduled_jobs ORDER BY name`)).map((r: { name: string }) => r.name);
    expect(names).toEqual(expect.arrayContaining(['email-digest', 'email-immediate', 'feed-overdue', 'governance-sweep', 'load-notices']));
    const repo = hub.app.get(SchedulerRepository);
    await hub.dataSource.query(`UPDATE scheduled_jobs SET next_run_at = now() - interval '1 minute' WHERE name = 'email-digest'`);
    const now = new Date();
    const claims = await Promise.all(['a', 'b', 'c', 'd'].map((owner) => repo.claim('email-digest', owner, 60, now)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    // A holder that died: once its lease has run out another process takes the run over.
    expect(await repo.claim('email-digest', 'e', 60, new Date(now.getTime() + 61_000))).toBe(true);
  });

  it('runs a due job once per tick and moves its due time to the next occurrence', async () => {
    await hub.dataSource.query(`UPDATE scheduled_jobs SET next_run_at = now() - interval '1 minute', lease_until = NULL, running_by = NULL WHERE name = 'email-digest'`);
    const scheduler = hub.app.get(SchedulerService);
    await scheduler.tick();
    const [job] = await hub.dataSource.query(`SELECT next_run_at, last_finished_at, last_error, lease_until FROM scheduled_jobs WHERE name = 'email-digest'`);
    expect(job.last_error).toBeNull();
    expect(job.lease_until).toBeNull();
    expect(new Date(job.next_run_at).getTime()).toBeGreaterThan(Date.now());
    expect(job.last_finished_at).not.toBeNull();
  });
});
