import { existsSync } from 'node:fs';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PublishGate } from '../analytics-store/publish-gate.js';
import { AuditService } from '../audit/audit.service.js';
import { actorOf } from '../audit/audit-event.js';
import type { AuthUser } from '../auth/auth-user.js';
import { badRequest, conflict, notFound } from '../common/domain-error.js';
import { requireFeedScope } from '../api-tokens/token-scope.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DatasetsRepository } from '../datasets/datasets.repository.js';
import { FeedsRepository } from './feeds.repository.js';
import { FeedsService } from './feeds.service.js';
import { LoadDto, type LoadHistoryQueryDto, type LoadPageDto, type RolledBackLoadDto } from './ingest.dto.js';
import { IngestStoreRepository } from './ingest-store.repository.js';
import type { Load } from './load.entity.js';
import { type LoadSource, LoadStatus } from './load-policy.js';
import { LoadQueue } from './load-queue.service.js';
import { LoadsRepository } from './loads.repository.js';

export interface NewLoad {
  feedSlug: string;
  /** The file to load; uploads already sit in the upload folder, other files are read in place. */
  path: string;
  fileName: string;
  source: LoadSource;
  user: AuthUser | null;
  address?: string | null;
  /** Called as the load moves through its phases (CLI progress bar). */
  onProgress?: (load: Load) => void;
  /** Stop before publishing for an operator to confirm. A feed that asks for previews gets one for every upload and inbox file whatever this says; the command line previews only when asked. */
  preview?: boolean;
}

/** Loads: queueing files, reporting on them, rollback and start-up recovery. */
@Injectable()
export class LoadsService {
  private readonly logger = new Logger(LoadsService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly loads: LoadsRepository,
    private readonly feeds: FeedsRepository,
    private readonly feedsService: FeedsService,
    private readonly datasets: DatasetsRepository,
    private readonly store: IngestStoreRepository,
    private readonly queue: LoadQueue,
    private readonly audit: AuditService,
    private readonly gate: PublishGate,
  ) {}

  /** Records a queued load and puts it on the queue. `done` settles when it has run. */
  async submit(input: NewLoad): Promise<{ load: Load; done: Promise<Load> }> {
    const { feed, dataset } = await this.feedsService.get(input.feedSlug);
    requireFeedScope(input.user, feed);
    if (!existsSync(input.path)) throw badRequest('file_missing', `There is no file ${input.fileName}.`);
    const load = await this.dataSource.transaction(async (em) => {
      const created = await this.loads.insert(em, {
        feedId: feed.id,
        datasetId: dataset.id,
        fileName: path.basename(input.fileName).slice(0, 255),
        storedPath: input.path,
        source: input.source,
        operatorId: input.user?.id ?? null,
        operatorEmail: input.user?.email ?? null,
        operatorOrganisationId: input.user?.organisationId ?? null,
        status: LoadStatus.Queued,
        progress: { phase: 'queued', percent: 0 },
        queuedAt: new Date(),
        preview: input.preview === true || (input.source !== 'cli' && input.source !== 'demo' && feed.previewBeforePublish),
      });
      await this.audit.record(
        {
          actor: input.user ? actorOf(input.user) : null,
          actorEmail: input.user ? undefined : `${input.source}@csp-hub`,
          action: 'load.queued',
          target: { type: 'load', id: created.id },
          details: { feed: feed.slug, dataset: dataset.slug, file: created.fileName, source: input.source, ...(input.user?.apiToken ? { apiToken: input.user.apiToken.id } : {}) },
          address: input.address ?? null,
        },
        em,
      );
      return created;
    });
    return { load, done: this.queue.enqueue(load.id, input.onProgress) };
  }

  /** Copies a file into the upload folder first (inbox files, which are moved away after). */
  async stageCopy(file: string): Promise<string> {
    await mkdir(this.config.ingest.uploadDir, { recursive: true });
    const target = path.join(this.config.ingest.uploadDir, `${randomUUID()}${path.extname(file)}`);
    await copyFile(file, target);
    return target;
  }

  /** Loads, newest first; an API token sees its own feed's loads only. */
  async list(caller: AuthUser | null, filter: { feed?: string; status?: LoadStatus; limit?: number }): Promise<LoadDto[]> {
    const token = caller?.apiToken;
    const feedSlug = token?.kind === 'feed_upload' && !filter.feed ? token.feedSlug : filter.feed;
    // Checked before the lookup, so a token learns nothing about other feeds, not even that they exist.
    if (token && (token.kind !== 'feed_upload' || feedSlug !== token.feedSlug)) requireFeedScope(caller, { id: '', slug: feedSlug ?? 'every feed' });
    const feedId = feedSlug ? (await this.feedsService.get(feedSlug)).feed.id : undefined;
    const loads = await this.loads.list({ feedId, status: filter.status, limit: Math.min(filter.limit ?? 100, 1000) });
    return this.describe(loads);
  }

  /**
   * The load history, a page at a time: by feed, status, the day range queued (both days
   * inclusive) and file content (to see whether a file was loaded before). An API token sees its
   * own feed's loads only.
   */
  async history(caller: AuthUser | null, q: LoadHistoryQueryDto): Promise<LoadPageDto> {
    const token = caller?.apiToken;
    const feedSlug = q.feed ?? (token?.kind === 'feed_upload' ? token.feedSlug : undefined);
    // Checked before the lookup, as in list(): a token learns nothing about other feeds, not even that they exist.
    if (token && (token.kind !== 'feed_upload' || feedSlug !== token.feedSlug)) requireFeedScope(caller, { id: '', slug: feedSlug ?? 'every feed' });
    const feed = feedSlug ? (await this.feedsService.get(feedSlug)).feed : undefined;
    if (token) requireFeedScope(caller, feed!);
    const from = q.from ? new Date(`${q.from.slice(0, 10)}T00:00:00Z`) : undefined;
    const to = q.to ? new Date(new Date(`${q.to.slice(0, 10)}T00:00:00Z`).getTime() + 86_400_000) : undefined;
    if (from && to && from >= to) throw badRequest('invalid_range', 'The "from" day must not be after the "to" day.');
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 25;
    const { loads, total } = await this.loads.page({ feedIds: feed ? [feed.id] : undefined, status: q.status, from, to, sha256: q.sha256 }, (page - 1) * pageSize, pageSize);
    return { loads: await this.describe(loads), total, page, pageSize };
  }

  /**
   * Publishes a previewed load: it runs again from its file and publishes. If the dataset changed
   * since the preview (another load or a rollback), the preview is made again instead and the
   * operator is told (409 preview_stale), so nobody publishes on figures that no longer hold.
   */
  async confirm(user: AuthUser, id: string, address: string | null): Promise<LoadDto> {
    const load = await this.require(id);
    if (load.status !== LoadStatus.AwaitingConfirmation) throw conflict('load_not_awaiting', `Only a previewed load waiting for confirmation can be published; this one is ${load.status.replace(/_/g, ' ')}.`);
    const dataset = (await this.datasets.findById(load.datasetId))!;
    const stale = dataset.version !== load.previewedVersion;
    await this.dataSource.transaction(async (em) => {
      await this.loads.update(load.id, { status: LoadStatus.Queued, preview: stale, progress: { phase: 'queued', percent: 0 }, finishedAt: null }, em);
      await this.audit.record(
        { actor: actorOf(user), action: stale ? 'load.preview_repeated' : 'load.confirmed', target: { type: 'load', id: load.id }, details: { dataset: dataset.slug, file: load.fileName }, address },
        em,
      );
    });
    void this.queue.enqueue(load.id);
    if (stale) throw conflict('preview_stale', 'The dataset changed after this preview, so it is being previewed again. Check the new figures, then publish.');
    return this.get(id);
  }

  /** Drops a previewed load: nothing is published and its file is deleted. */
  async discard(user: AuthUser, id: string, address: string | null): Promise<LoadDto> {
    const load = await this.require(id);
    if (load.status !== LoadStatus.AwaitingConfirmation) throw conflict('load_not_awaiting', `Only a previewed load waiting for confirmation can be discarded; this one is ${load.status.replace(/_/g, ' ')}.`);
    const dataset = await this.datasets.findById(load.datasetId);
    await this.dataSource.transaction(async (em) => {
      await this.loads.update(load.id, { status: LoadStatus.Discarded }, em);
      await this.audit.record({ actor: actorOf(user), action: 'load.discarded', target: { type: 'load', id: load.id }, details: { dataset: dataset?.slug, file: load.fileName }, address }, em);
    });
    if (load.storedPath?.startsWith(this.config.ingest.uploadDir)) await rm(load.storedPath, { force: true });
    return this.get(id);
  }

  async get(id: string, caller: AuthUser | null = null): Promise<LoadDto> {
    const load = await this.require(id);
    if (caller?.apiToken) {
      const feed = await this.feeds.findById(load.feedId);
      requireFeedScope(caller, { id: load.feedId, slug: feed?.slug ?? '' });
    }
    return (await this.describe([load]))[0];
  }

  async describe(loads: Load[]): Promise<LoadDto[]> {
    const [feeds, datasets] = await Promise.all([this.feeds.list(), this.datasets.list()]);
    const feedSlug = new Map(feeds.map((f) => [f.id, f.slug]));
    const datasetSlug = new Map(datasets.map((d) => [d.id, d.slug]));
    return loads.map((l) => LoadDto.from(l, feedSlug.get(l.feedId) ?? '', datasetSlug.get(l.datasetId) ?? ''));
  }

  /** Writes the load's rejected rows to a temporary CSV file and returns its path. */
  async rejectsFile(id: string): Promise<{ file: string; rows: number; name: string }> {
    const load = await this.require(id);
    await mkdir(this.config.ingest.workDir, { recursive: true });
    const file = path.join(this.config.ingest.workDir, `rejects-${load.id}-${randomUUID()}.csv`);
    const rows = await this.store.exportRejects(load.id, file);
    return { file, rows, name: `rejects-${load.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}.csv` };
  }

  async rejectsSample(id: string, limit = 100) {
    await this.require(id);
    return this.store.rejects(id, limit);
  }

  /** Removes exactly the load's rows (restoring any rows it replaced); audited. */
  async rollback(user: AuthUser | null, id: string, address: string | null): Promise<RolledBackLoadDto> {
    const load = await this.require(id);
    if (load.status !== LoadStatus.Succeeded) {
      throw conflict('load_not_rollbackable', `Only a succeeded load can be rolled back; this one is ${load.status.replace('_', ' ')}.`);
    }
    const dataset = (await this.datasets.findById(load.datasetId))!;
    const result = await this.gate.shared(async () => {
      const result = await this.store.rollback(dataset.duckdbTable, dataset.columns, load.id);
      const now = new Date();
      await this.dataSource.transaction(async (em) => {
        await this.loads.update(load.id, { status: LoadStatus.RolledBack, rolledBackAt: now, rolledBackBy: user?.id ?? null }, em);
        await this.datasets.recordPublish(dataset.id, result.stats, null, em);
        await this.audit.record(
          {
            actor: user ? actorOf(user) : null,
            actorEmail: user ? undefined : 'cli@csp-hub',
            action: 'load.rolled_back',
            target: { type: 'load', id: load.id },
            details: { dataset: dataset.slug, file: load.fileName, rowsRemoved: result.removed, rowsRestored: result.restored },
            address,
          },
          em,
        );
      });
      return result;
    });
    return { ...(await this.get(id)), rowsRemoved: result.removed, rowsRestored: result.restored };
  }

  /**
   * Start-up recovery: a load left `running` was killed. Whatever of it reached DuckDB is removed
   * (normally nothing: publish is one transaction) and it is marked failed. Queued loads run again.
   */
  async recover(): Promise<void> {
    for (const load of await this.loads.withStatus([LoadStatus.Running])) {
      const dataset = await this.datasets.findById(load.datasetId);
      if (dataset) {
        const result = await this.store.rollback(dataset.duckdbTable, dataset.columns, load.id);
        if (result.removed || result.restored) await this.dataSource.transaction((em) => this.datasets.recordPublish(dataset.id, result.stats, null, em));
      }
      const message = 'The server stopped while this load was running; nothing from it was published. Load the file again.';
      await this.dataSource.transaction(async (em) => {
        await this.loads.update(load.id, { status: LoadStatus.Failed, errorCode: 'interrupted', error: message, finishedAt: new Date() }, em);
        await this.audit.record(
          { actor: null, actorEmail: 'system@csp-hub', action: 'load.failed', target: { type: 'load', id: load.id }, details: { code: 'interrupted', error: message, file: load.fileName } },
          em,
        );
      });
      if (load.storedPath?.startsWith(this.config.ingest.uploadDir)) await rm(load.storedPath, { force: true });
      await this.store.removePending(load.id);
      this.logger.warn(`Load ${load.id} (${load.fileName}) was interrupted and is marked failed`);
    }
    for (const load of await this.loads.withStatus([LoadStatus.Queued])) void this.queue.enqueue(load.id);
  }

  private async require(id: string): Promise<Load> {
    const load = /^[0-9a-f-]{36}$/i.test(id) ? await this.loads.findById(id) : null;
    if (!load) throw notFound('load_not_found', 'There is no such load.');
    return load;
  }
}
