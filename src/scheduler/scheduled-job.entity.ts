import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One registered job: its schedule, when it is next due, and who holds it while it runs. */
@Entity({ name: 'scheduled_jobs' })
export class ScheduledJob {
  @PrimaryColumn({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  cron: string;

  @Column({ name: 'next_run_at', type: 'timestamptz' })
  nextRunAt: Date;

  /** While a process runs the job: until when its claim holds (a crashed run is taken over after). */
  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  @Column({ name: 'running_by', type: 'text', nullable: true })
  runningBy: string | null;

  @Column({ name: 'last_started_at', type: 'timestamptz', nullable: true })
  lastStartedAt: Date | null;

  @Column({ name: 'last_finished_at', type: 'timestamptz', nullable: true })
  lastFinishedAt: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  /** Failed runs in a row; retries back off by it. */
  @Column({ type: 'integer', default: 0 })
  failures: number;
}
