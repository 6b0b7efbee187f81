import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ScheduledJob } from './scheduled-job.entity.js';

/** The one repository for `scheduled_jobs`. Every claim is a single conditional UPDATE, so it is atomic across processes. */
@Injectable()
export class SchedulerRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Adds a job, or keeps its stored due time when its schedule is unchanged; a changed schedule
   * takes the new first due time.
   */
  async upsert(name: string, cron: string, firstRunAt: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO scheduled_jobs (name, cron, next_run_at) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET cron = EXCLUDED.cron,
         next_run_at = CASE WHEN scheduled_jobs.cron = EXCLUDED.cron THEN scheduled_jobs.next_run_at ELSE EXCLUDED.next_run_at END`,
      [name, cron, firstRunAt],
    );
  }

  /**
   * Takes the job if it is due and nobody holds it (or a holder's lease ran out: it crashed).
   * Of several processes asking at once, exactly one gets `true`.
   */
  async claim(name: string, owner: string, leaseSeconds: number, now: Date): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `UPDATE scheduled_jobs SET lease_until = $3::timestamptz + make_interval(secs => $4), running_by = $2, last_started_at = $3
       WHERE name = $1 AND next_run_at <= $3 AND (lease_until IS NULL OR lease_until < $3)
       RETURNING name`,
      [name, owner, now, leaseSeconds],
    );
    return firstRows(rows).length === 1;
  }

  /** A finished run: due next at `nextRunAt`, lease released (only by the holder). */
  async finish(name: string, owner: string, nextRunAt: Date, at: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE scheduled_jobs SET next_run_at = $3, lease_until = NULL, running_by = NULL, last_finished_at = $4, last_error = NULL, failures = 0
       WHERE name = $1 AND running_by = $2`,
      [name, owner, nextRunAt, at],
    );
  }

  /** A failed run: retried at `retryAt` (before the next scheduled time, if sooner). */
  async fail(name: string, owner: string, retryAt: Date, error: string, at: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE scheduled_jobs SET next_run_at = $3, lease_until = NULL, running_by = NULL, last_finished_at = $5, last_error = $4, failures = failures + 1
       WHERE name = $1 AND running_by = $2`,
      [name, owner, retryAt, error.slice(0, 2000), at],
    );
  }

  find(name: string): Promise<ScheduledJob | null> {
    return this.dataSource.getRepository(ScheduledJob).findOneBy({ name });
  }

  list(): Promise<ScheduledJob[]> {
    return this.dataSource.getRepository(ScheduledJob).find({ order: { name: 'ASC' } });
  }
}

/** `UPDATE … RETURNING` through TypeORM's pg driver answers [rows, count]. */
function firstRows(result: unknown[]): unknown[] {
  return Array.isArray(result[0]) ? (result[0] as unknown[]) : result;
}
