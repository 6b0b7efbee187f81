import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { CronTime } from 'cron';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { SchedulerRepository } from './scheduler.repository.js';

/** A job another module registers: a name, a default schedule and the work (which must be safe to repeat). */
export interface JobDefinition {
  /** Unique, kebab-case; SCHEDULER crons in the configuration are keyed by it. */
  name: string;
  /** Cron expression used when the configuration names none for this job; `off` registers it unscheduled. */
  cron: string;
  /** Longest expected run; another process takes over a run whose holder has been silent this long. */
  leaseSeconds?: number;
  run(now: Date): Promise<void>;
}

const MAX_RETRY_MS = 3_600_000;

/**
 * Runs registered jobs on their cron schedules from the `scheduled_jobs` table: due times live in
 * PostgreSQL, so a restart neither loses nor repeats a run, and of several hub processes exactly
 * one claims each due run (a conditional UPDATE). See docs/notifications.md for how to add a job.
 */
@Injectable()
export class SchedulerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SchedulerService.name);
  private readonly jobs = new Map<string, JobDefinition>();
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly repository: SchedulerRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Registers a job; call it from a provider's constructor or `onModuleInit`. */
  register(job: JobDefinition): void {
    if (this.jobs.has(job.name)) throw new Error(`A scheduled job named ${job.name} is registered twice`);
    this.jobs.set(job.name, job);
  }

  /** The schedule in force for a job: the configured one, else the job's default. */
  cronOf(name: string): string {
    return this.config.scheduler.crons[name] ?? this.jobs.get(name)?.cron ?? 'off';
  }

  async onApplicationBootstrap(): Promise<void> {
    const now = new Date();
    for (const job of this.jobs.values()) {
      const cron = this.cronOf(job.name);
      await this.repository.upsert(job.name, cron, this.nextAfter(cron, now));
    }
  }

  /** Starts polling for due jobs (the server process only, when SCHEDULER is on). */
  start(): void {
    if (!this.config.scheduler.enabled || this.timer) return;
    this.logger.log(`Scheduler on: ${[...this.jobs.keys()].map((n) => `${n} (${this.cronOf(n)})`).join(', ')}`);
    this.timer = setInterval(() => void this.tick(), this.config.scheduler.pollSeconds * 1000);
    this.timer.unref();
    void this.tick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
  }

  /** Claims and runs every due job once; resolves when they are done. Called by the timer (and tests). */
  tick(now = new Date()): Promise<void> {
    if (this.ticking) return this.ticking;
    this.ticking = this.runDue(now).finally(() => (this.ticking = null));
    return this.ticking;
  }

  /** Runs a job now, outside its schedule and without claiming it (on demand; tests). */
  async runNow(name: string, now = new Date()): Promise<void> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`No scheduled job named ${name}`);
    await job.run(now);
  }

  private async runDue(now: Date): Promise<void> {
    for (const job of this.jobs.values()) {
      if (this.stopped) return;
      const cron = this.cronOf(job.name);
      if (cron === 'off') continue;
      if (!(await this.repository.claim(job.name, this.owner, job.leaseSeconds ?? 900, now))) continue;
      await this.runClaimed(job, cron);
    }
  }

  private async runClaimed(job: JobDefinition, cron: string): Promise<void> {
    const started = new Date();
    try {
      await job.run(started);
      await this.repository.finish(job.name, this.owner, this.nextAfter(cron, new Date()), new Date());
    } catch (err) {
      const record = await this.repository.find(job.name);
      const delay = Math.min(MAX_RETRY_MS, 60_000 * 2 ** (record?.failures ?? 0));
      const retryAt = new Date(Math.min(Date.now() + delay, this.nextAfter(cron, new Date()).getTime()));
      this.logger.warn(`Scheduled job ${job.name} failed (retry at ${retryAt.toISOString()}): ${(err as Error).message}`);
      await this.repository.fail(job.name, this.owner, retryAt, (err as Error).message, new Date());
    }
  }

  private nextAfter(cron: string, from: Date): Date {
    if (cron === 'off') return new Date('9999-01-01T00:00:00Z');
    const next = new CronTime(cron, this.config.scheduler.timeZone).getNextDateFrom(from);
    return next.toJSDate();
  }
}
