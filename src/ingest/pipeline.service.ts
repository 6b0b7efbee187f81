import { mkdir, rm } from 'node:fs/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PublishGate } from '../analytics-store/publish-gate.js';
import { AuditService } from '../audit/audit.service.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { Dataset } from '../datasets/dataset.entity.js';
import { DatasetsRepository } from '../datasets/datasets.repository.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { BadFileError } from '../../etl/pipeline/inspect-file.js';
import { PlanError } from '../../etl/pipeline/plan.js';
import { prepareSource } from '../../etl/pipeline/prepare-source.js';
import { sha256File } from '../../etl/pipeline/transcode.js';
import { MappingError } from '../../etl/mapping.js';
import { createMatchKeyer, type MatchKeyer } from '../../etl/matching/index.js';
import type { Feed } from './feed.entity.js';
import { ErasureRegisterRepository } from './erasure-register.repository.js';
import { FeedsRepository } from './feeds.repository.js';
import { GeographyService } from './geography.service.js';
import { IngestStoreRepository } from './ingest-store.repository.js';
import { ReconciliationError, type StagedLoad } from './staged-load.js';
import type { Load, LoadProgress } from './load.entity.js';
import { LoadPolicy, LoadStatus } from './load-policy.js';
import { LoadsRepository } from './loads.repository.js';
import { erasureSalt, naturalKeyColumns, naturalKeyHashSql } from './natural-key.js';

/** A failure the operator can act on, with a stable code. */
class LoadFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Runs one load end to end: prepare the file, stage and check it in DuckDB, place rows, then
 * publish atomically and record the outcome in PostgreSQL with its audit entry.
 */
@Injectable()
export class PipelineService {
  private readonly logger = new Logger(PipelineService.name);
  private readonly keyer: MatchKeyer;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly loads: LoadsRepository,
    private readonly feeds: FeedsRepository,
    private readonly datasets: DatasetsRepository,
    private readonly store: IngestStoreRepository,
    private readonly geography: GeographyService,
    private readonly organisations: OrganisationsService,
    private readonly audit: AuditService,
    private readonly gate: PublishGate,
    private readonly erasures: ErasureRegisterRepository,
  ) {
    this.keyer = createMatchKeyer(config.analytics.matchingKey);
  }

  /** Runs a queued load to its end state; never throws for a bad file (the load records it). */
  async run(loadId: string, onProgress?: (load: Load) => void): Promise<Load> {
    const load = await this.loads.findById(loadId);
    if (!load) throw new Error(`Load ${loadId} not found`);
    if (load.status !== LoadStatus.Queued) return load;
    const feed = await this.feeds.findById(load.feedId);
    const dataset = await this.datasets.findById(load.datasetId);
    if (!feed || !dataset) throw new Error(`Load ${loadId} has no feed or dataset`);
    const started = new Date();
    const progress = async (phase: LoadProgress['phase'], percent: number, extra: Partial<Load> = {}) => {
      Object.assign(load, { progress: { phase, percent }, ...extra });
      await this.loads.update(load.id, { progress: load.progress, ...extra });
      onProgress?.(load);
    };
    await progress('reading', 0, { status: LoadStatus.Running, startedAt: started });
    const temporary: string[] = [];
    try {
      await this.execute(load, feed, dataset, progress, temporary);
    } catch (err) {
      await this.fail(load, dataset, err);
    } finally {
      for (const f of temporary) await rm(f, { force: true });
      // A previewed load keeps its file until it is published or discarded.
      const waiting = (load.status as LoadStatus) === LoadStatus.AwaitingConfirmation;
      if (!waiting && load.storedPath && load.storedPath.startsWith(this.config.ingest.uploadDir)) await rm(load.storedPath, { force: true });
    }
    onProgress?.(load);
    return load;
  }

  private async execute(
    load: Load,
    feed: Feed,
    dataset: Dataset,
    progress: (phase: LoadProgress['phase'], percent: number, extra?: Partial<Load>) => Promise<void>,
    temporary: string[],
  ): Promise<void> {
    if (!load.storedPath) throw new LoadFailure('file_missing', 'The uploaded file is no longer available.');
    await mkdir(this.config.ingest.workDir, { recursive: true });
    const file = load.storedPath;
    const hashing = sha256File(file);
    hashing.catch(() => undefined);
    const source = await prepareSource(file, feed, { workDir: this.config.ingest.workDir, maxBytes: this.config.ingest.maxFileBytes, key: load.id });
    temporary.push(...source.temporary);
    await progress('reading', 10, { sizeBytes: source.size });
    const owner = await this.organisations.get(dataset.ownerOrganisationId);

    await this.store.withStaging(load.id, async (stage) => {
      const { read, accepted, rejected, malformed, footers } = await stage.read(source.csv, source.plan, source.footers, {
        lastRowPerKey: feed.policy === LoadPolicy.UpsertByKey,
      });
      if (read === 0) throw new LoadFailure('file_no_rows', 'The file has a header row but no data rows.');
      await progress('validating', 50, { rowsRead: read });
      if (accepted === 0) {
        const sample = await stage.topReasons(3);
        throw new LoadFailure('no_rows_accepted', `None of the ${read} rows could be loaded. Most common problems: ${sample.join('; ')}.`);
      }
      const sha256 = await hashing;
      load.sha256 = sha256;
      const earlier = await this.loads.findPublished(dataset.id, sha256);
      if (earlier) {
        Object.assign(load, { status: LoadStatus.Duplicate, duplicateOf: earlier.id, rowsRead: read, finishedAt: new Date(), progress: { phase: 'done', percent: 100 } });
        await this.dataSource.transaction(async (em) => {
          await this.loads.update(load.id, { sha256, status: load.status, duplicateOf: earlier.id, rowsRead: read, finishedAt: load.finishedAt, progress: load.progress }, em);
          await this.audit.record(this.event(load, 'load.duplicate', { duplicateOf: earlier.id, dataset: dataset.slug }), em);
        });
        return;
      }
      await progress('placing', 60, { sha256, rowsRead: read });
      const unplaced = await stage.unplacedCoordinates();
      if (unplaced.length) await stage.addCoordinatePlacements(await this.geography.place(unplaced));
      await progress('publishing', 75);
      await this.store.ensureDatasetTable(dataset.duckdbTable, dataset.columns);
      const keys = await stage.addMatchKeys({ columns: dataset.columns, loadId: load.id, sourceOrg: owner.slug }, this.keyer);
      const erased = await this.skipErased(stage, dataset, load, owner.slug);
      if (load.preview) {
        await this.awaitConfirmation(stage, { load, feed, dataset, sourceOrg: owner.slug, read, rejected: rejected + malformed, erased });
        return;
      }
      // DuckDB then PostgreSQL, with no backup snapshot between the two.
      await this.gate.shared(async () => {
        const result = await stage.publish({
          table: dataset.duckdbTable,
          columns: dataset.columns,
          policy: feed.policy,
          loadId: load.id,
          sourceOrg: owner.slug,
          read,
          fileName: load.fileName,
        });
        if (result.rejected !== rejected + malformed) this.logger.warn(`Load ${load.id}: reject counts differ (${result.rejected} vs ${rejected + malformed})`);
        const finishedAt = new Date();
        Object.assign(load, {
          status: LoadStatus.Succeeded,
          rowsRead: result.read,
          rowsLoaded: result.loaded,
          rowsRejected: result.rejected,
          rowsReplaced: result.replaced,
          rowsErased: result.erased,
          coverage: result.coverage,
          finishedAt,
          progress: { phase: 'done', percent: 100 },
        });
        await this.dataSource.transaction(async (em) => {
          await this.loads.update(
            load.id,
            {
              status: load.status,
              rowsRead: load.rowsRead,
              rowsLoaded: load.rowsLoaded,
              rowsRejected: load.rowsRejected,
              rowsReplaced: load.rowsReplaced,
              rowsErased: load.rowsErased,
              coverage: load.coverage,
              finishedAt,
              progress: load.progress,
            },
            em,
          );
          await this.datasets.recordPublish(dataset.id, result.stats, finishedAt, em);
          await this.audit.record(
            this.event(load, 'load.succeeded', {
              dataset: dataset.slug,
              feed: feed.slug,
              file: load.fileName,
              sha256,
              rowsRead: result.read,
              rowsLoaded: result.loaded,
              rowsRejected: result.rejected,
              rowsReplaced: result.replaced,
              rowsErased: result.erased,
              policy: feed.policy,
              footerLines: footers,
              matchKeys: keys,
              months: result.coverage.months.map((m) => m.month),
            }),
            em,
          );
        });
      });
    });
  }

  /**
   * Stops a previewed load before publishing: records what publishing would change (months with
   * rows added and replaced, areas, rows set aside and why, the file name's month) against the
   * dataset's current version, and waits for an operator (LoadsService.confirm / discard).
   */
  private async awaitConfirmation(
    stage: StagedLoad,
    ctx: { load: Load; feed: Feed; dataset: Dataset; sourceOrg: string; read: number; rejected: number; erased: number },
  ): Promise<void> {
    const { load, feed, dataset } = ctx;
    const coverage = await stage.preview({ table: dataset.duckdbTable, columns: dataset.columns, policy: feed.policy, loadId: load.id, sourceOrg: ctx.sourceOrg, fileName: load.fileName });
    const rejectReasons = ctx.rejected ? await stage.topReasons(5) : [];
    const changes: Partial<Load> = {
      status: LoadStatus.AwaitingConfirmation,
      coverage: { ...coverage, rejectReasons },
      previewedVersion: dataset.version,
      rowsRead: ctx.read,
      rowsLoaded: 0,
      rowsRejected: ctx.rejected,
      rowsReplaced: coverage.months.reduce((n, m) => n + m.replaced, 0),
      rowsErased: ctx.erased,
      finishedAt: new Date(),
      progress: { phase: 'done', percent: 100 },
    };
    Object.assign(load, changes);
    await this.dataSource.transaction(async (em) => {
      await this.loads.update(load.id, { ...changes, sha256: load.sha256 }, em);
      const toAdd = coverage.months.reduce((n, m) => n + m.rows, 0);
      await this.audit.record(
        this.event(load, 'load.previewed', { dataset: dataset.slug, feed: feed.slug, file: load.fileName, rowsRead: ctx.read, rowsToAdd: toAdd, rowsToReplace: changes.rowsReplaced, rowsRejected: ctx.rejected, months: coverage.months.map((m) => m.month) }),
        em,
      );
    });
  }

  /** Leaves out the file's rows whose records were erased (the erasure register); returns how many. */
  private async skipErased(stage: StagedLoad, dataset: Dataset, load: Load, sourceOrg: string): Promise<number> {
    const erased = await this.erasures.hashes(dataset.id);
    if (erased.length === 0) return 0;
    const feeds = await this.feeds.forDataset(dataset.id);
    const params = [erasureSalt(this.config.analytics.matchingKey, dataset.id)];
    const sql = naturalKeyHashSql(naturalKeyColumns(dataset.columns, feeds.map((f) => f.mapping)), '$1');
    return stage.skipErased({ columns: dataset.columns, loadId: load.id, sourceOrg }, { sql, params }, erased);
  }

  private async fail(load: Load, dataset: Dataset, err: unknown): Promise<void> {
    const known = err instanceof LoadFailure || err instanceof BadFileError || err instanceof PlanError || err instanceof MappingError || err instanceof ReconciliationError;
    const code = err instanceof LoadFailure || err instanceof BadFileError ? err.code : err instanceof PlanError ? 'columns_mismatch' : err instanceof ReconciliationError ? 'rows_do_not_add_up' : err instanceof MappingError ? 'mapping_invalid' : 'load_error';
    const message = known ? (err as Error).message : `The load stopped on an unexpected error: ${(err as Error).message ?? String(err)}`;
    if (!known) this.logger.error(`Load ${load.id} failed`, (err as Error).stack);
    Object.assign(load, { status: LoadStatus.Failed, errorCode: code, error: message, finishedAt: new Date(), rowsLoaded: 0, rowsRejected: 0 });
    await this.dataSource.transaction(async (em) => {
      await this.loads.update(load.id, { status: load.status, errorCode: code, error: message, finishedAt: load.finishedAt, rowsRead: load.rowsRead, rowsLoaded: 0, rowsRejected: 0, sha256: load.sha256 }, em);
      await this.audit.record(this.event(load, 'load.failed', { dataset: dataset.slug, file: load.fileName, code, error: message }), em);
    });
  }

  private event(load: Load, action: string, details: Record<string, unknown>) {
    return {
      actor:
        load.operatorId && load.operatorOrganisationId
          ? { id: load.operatorId, email: load.operatorEmail ?? '', organisationId: load.operatorOrganisationId }
          : null,
      actorEmail: load.operatorId ? undefined : `${load.source}@csp-hub`,
      action,
      target: { type: 'load', id: load.id },
      details: { source: load.source, ...details },
    };
  }
}
