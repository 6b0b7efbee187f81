import { mkdir, readdir, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { CronJob } from 'cron';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { Feed } from './feed.entity.js';
import { FeedsRepository } from './feeds.repository.js';
import { LoadStatus } from './load-policy.js';
import { LoadsService } from './loads.service.js';

export interface InboxResult {
  file: string;
  loadId: string;
  status: LoadStatus;
  movedTo: string;
}

/**
 * A file modified more recently than this may still be arriving (a copy in progress); loading it
 * half-written could replace a whole month with part of it, so it waits for the next run.
 */
export const INBOX_SETTLE_MS = 10_000;

/**
 * Loads files dropped into a feed's inbox folder on the feed's cron schedule, then moves each to
 * `done/` (succeeded or duplicate) or `failed/` beside it. Schedules are re-read every minute.
 * Files whose names start with a dot are ignored (the usual way to copy in under a temporary name).
 */
@Injectable()
export class InboxService implements OnApplicationShutdown {
  private readonly logger = new Logger(InboxService.name);
  private readonly jobs = new Map<string, { key: string; job: CronJob }>();
  private refresher: NodeJS.Timeout | null = null;
  private readonly busy = new Set<string>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly feeds: FeedsRepository,
    private readonly loads: LoadsService,
  ) {}

  /** Starts the schedules (server only; the CLI does not watch inboxes). */
  async start(): Promise<void> {
    if (!this.config.ingest.inboxes) return;
    await this.refresh();
    this.refresher = setInterval(() => void this.refresh().catch((e) => this.logger.warn(`Inbox refresh failed: ${(e as Error).message}`)), 60_000);
    this.refresher.unref();
  }

  async refresh(): Promise<void> {
    const feeds = await this.feeds.withInbox();
    const wanted = new Set(feeds.map((f) => f.id));
    for (const [id, { job }] of this.jobs) {
      if (!wanted.has(id)) {
        void job.stop();
        this.jobs.delete(id);
      }
    }
    for (const feed of feeds) {
      const key = `${feed.inboxDir}|${feed.schedule}`;
      if (this.jobs.get(feed.id)?.key === key) continue;
      void this.jobs.get(feed.id)?.job.stop();
      const job = CronJob.from({ cronTime: feed.schedule!, onTick: () => void this.check(feed).catch((e) => this.logger.error(`Inbox ${feed.slug}: ${(e as Error).message}`)), start: true });
      this.jobs.set(feed.id, { key, job });
    }
  }

  /** Loads every file waiting in the feed's inbox, one after another. */
  async check(feed: Feed): Promise<InboxResult[]> {
    if (!feed.inboxDir || this.busy.has(feed.id)) return [];
    this.busy.add(feed.id);
    try {
      const dir = feed.inboxDir;
      const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => !n.startsWith('.')).sort();
      const results: InboxResult[] = [];
      for (const name of names) {
        const file = path.join(dir, name);
        const info = await stat(file);
        if (!info.isFile()) continue;
        if (Date.now() - info.mtimeMs < INBOX_SETTLE_MS) {
          this.logger.log(`Inbox ${feed.slug}: ${name} changed in the last ${INBOX_SETTLE_MS / 1000} s; it waits for the next run`);
          continue;
        }
        const copy = await this.loads.stageCopy(file);
        const { done } = await this.loads.submit({ feedSlug: feed.slug, path: copy, fileName: name, source: 'inbox', user: null });
        const load = await done;
        // A load waiting for an operator's confirmation keeps its own copy of the file.
        const ok = load.status === LoadStatus.Succeeded || load.status === LoadStatus.Duplicate || load.status === LoadStatus.AwaitingConfirmation;
        const target = path.join(dir, ok ? 'done' : 'failed');
        await mkdir(target, { recursive: true });
        const movedTo = path.join(target, `${new Date().toISOString().replace(/[:.]/g, '-')}-${name}`);
        await rename(file, movedTo);
        results.push({ file: name, loadId: load.id, status: load.status, movedTo });
        this.logger.log(`Inbox ${feed.slug}: ${name} → ${load.status}`);
      }
      return results;
    } finally {
      this.busy.delete(feed.id);
    }
  }

  onApplicationShutdown(): void {
    if (this.refresher) clearInterval(this.refresher);
    for (const { job } of this.jobs.values()) void job.stop();
    this.jobs.clear();
  }
}
