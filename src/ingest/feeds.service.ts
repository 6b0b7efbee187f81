import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CronTime } from 'cron';
import { DataSource, type EntityManager } from 'typeorm';
import { actorOf } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { badRequest, conflict, notFound } from '../common/domain-error.js';
import type { Dataset } from '../datasets/dataset.entity.js';
import { type ColumnSpec, datasetTable } from '../../domain/dataset-schema.js';
import { DatasetsRepository } from '../datasets/datasets.repository.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { checkMappingNames, mappedColumns } from '../../etl/adapters/delimited.js';
import { policeColumns, type PoliceAdapterName, POLICE_ADAPTERS } from '../../etl/adapters/police-uk.js';
import { type FeedMapping, MappingError, parseFeedMapping } from '../../etl/mapping.js';
import { datasetColumnsOf, PlanError } from '../../etl/pipeline/plan.js';
import { BUILTIN_FEEDS, type FeedDefinition } from './builtin-feeds.js';
import type { Feed } from './feed.entity.js';
import { FeedsRepository } from './feeds.repository.js';
import { CreateFeedDto, FeedDto, UpdateFeedDto } from './ingest.dto.js';
import { IngestStoreRepository } from './ingest-store.repository.js';
import type { AdapterName } from './load-policy.js';
import { LoadPolicy } from './load-policy.js';

const isPolice = (adapter: string) => (POLICE_ADAPTERS as readonly string[]).includes(adapter);

/** The declared columns of a dataset fed by this adapter and mapping. */
export function columnsFor(adapter: AdapterName, mapping: FeedMapping | null): ColumnSpec[] {
  if (isPolice(adapter)) return datasetColumnsOf({ fields: [] }).concat(policeColumns(adapter as PoliceAdapterName));
  if (!mapping) throw badRequest('mapping_required', `The ${adapter} adapter needs a column mapping.`);
  return datasetColumnsOf({ fields: [] }).concat(mappedColumns(mapping));
}

/** Feeds and their mappings: creation, changes (audited) and the built-in police.uk feeds. */
@Injectable()
export class FeedsService {
  private readonly logger = new Logger(FeedsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly feeds: FeedsRepository,
    private readonly datasets: DatasetsRepository,
    private readonly store: IngestStoreRepository,
    private readonly organisations: OrganisationsService,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<FeedDto[]> {
    const [feeds, datasets] = await Promise.all([this.feeds.list(), this.datasets.list()]);
    const byId = new Map(datasets.map((d) => [d.id, d]));
    const owners = await this.organisations.byIds(datasets.map((d) => d.ownerOrganisationId));
    return feeds.map((f) => {
      const dataset = byId.get(f.datasetId)!;
      return FeedDto.from(f, dataset, owners.get(dataset.ownerOrganisationId)?.name ?? '');
    });
  }

  async get(slug: string): Promise<{ feed: Feed; dataset: Dataset }> {
    const feed = await this.feeds.findBySlug(slug);
    if (!feed) throw notFound('feed_not_found', `There is no feed "${slug}".`);
    const dataset = await this.datasets.findById(feed.datasetId);
    if (!dataset) throw notFound('dataset_not_found', `Feed "${slug}" has no dataset.`);
    return { feed, dataset };
  }

  async describe(slug: string): Promise<FeedDto> {
    const { feed, dataset } = await this.get(slug);
    const owners = await this.organisations.byIds([dataset.ownerOrganisationId]);
    return FeedDto.from(feed, dataset, owners.get(dataset.ownerOrganisationId)?.name ?? '');
  }

  /** Makes sure the built-in police.uk datasets and feeds exist; runs at every start. */
  async ensureBuiltins(): Promise<void> {
    await this.store.ensureSchema();
    await this.organisations.ensureReferenceOrganisations();
    for (const def of BUILTIN_FEEDS) {
      if (await this.feeds.findBySlug(def.feed.slug)) {
        await this.refreshBuiltinDimensions(def);
        continue;
      }
      await this.createFromDefinition(def, null, true);
      this.logger.log(`Created built-in feed ${def.feed.slug}`);
    }
  }

  /** Creates a feed (and its dataset when new) from a definition; used by built-ins and demo seeding. */
  async createFromDefinition(def: FeedDefinition, mapping: FeedMapping | null, builtin = false, user: AuthUser | null = null): Promise<Feed> {
    const owner = await this.organisations.getBySlug(def.dataset.owner);
    const columns = columnsFor(def.feed.adapter, mapping);
    const feed = await this.dataSource.transaction(async (em) => {
      let dataset = await this.datasets.findBySlug(def.dataset.slug, em);
      if (!dataset) {
        dataset = await this.datasets.insert(em, {
          slug: def.dataset.slug,
          title: def.dataset.title,
          description: def.dataset.description,
          ownerOrganisationId: owner.id,
          kind: def.dataset.kind,
          sensitivity: def.dataset.sensitivity,
          lawfulBasis: def.dataset.lawfulBasis,
          columns,
          duckdbTable: datasetTable(def.dataset.slug),
        });
      } else {
        await this.mergeColumns(em, dataset, columns);
      }
      const created = await this.feeds.insert(em, {
        slug: def.feed.slug,
        title: def.feed.title,
        datasetId: dataset.id,
        adapter: def.feed.adapter,
        mapping,
        policy: def.feed.policy,
        builtin,
      });
      await this.audit.record(
        {
          actor: user ? actorOf(user) : null,
          actorEmail: user ? undefined : 'system@csp-hub',
          action: 'feed.created',
          target: { type: 'feed', id: created.id },
          details: { slug: created.slug, adapter: created.adapter, policy: created.policy, dataset: dataset.slug, mapping, builtin },
        },
        em,
      );
      return created;
    });
    const dataset = (await this.datasets.findById(feed.datasetId))!;
    await this.store.ensureDatasetTable(dataset.duckdbTable, dataset.columns);
    return feed;
  }

  async create(user: AuthUser, dto: CreateFeedDto, address: string | null): Promise<FeedDto> {
    if (await this.feeds.findBySlug(dto.slug)) throw conflict('feed_exists', `A feed "${dto.slug}" already exists.`);
    const mapping = this.mappingFor(dto.adapter, dto.mapping);
    this.checkInbox(dto.inboxDir, dto.schedule);
    let def: FeedDefinition;
    if (dto.dataset) {
      if (await this.datasets.findBySlug(dto.dataset.slug)) throw conflict('dataset_exists', `A dataset "${dto.dataset.slug}" already exists; give its slug as datasetSlug.`);
      def = {
        feed: { slug: dto.slug, title: dto.title, adapter: dto.adapter, policy: dto.policy },
        dataset: { ...dto.dataset, description: dto.dataset.description ?? '', owner: dto.dataset.ownerOrganisation },
      };
    } else if (dto.datasetSlug) {
      const existing = await this.datasets.findBySlug(dto.datasetSlug);
      if (!existing) throw notFound('dataset_not_found', `There is no dataset "${dto.datasetSlug}".`);
      const owner = await this.organisations.get(existing.ownerOrganisationId);
      def = {
        feed: { slug: dto.slug, title: dto.title, adapter: dto.adapter, policy: dto.policy },
        dataset: { ...existing, owner: owner.slug },
      };
    } else {
      throw badRequest('dataset_required', 'Give either datasetSlug (an existing dataset) or dataset (a new one).');
    }
    if (dto.policy === LoadPolicy.UpsertByKey && !mapping?.key) throw badRequest('key_required', 'The upsert-by-key policy needs a mapping with a key column.');
    if (dto.policy === LoadPolicy.ReplaceMonth && mapping && !mapping.monthFrom) throw badRequest('month_required', 'The replace-month policy needs a mapping with monthFrom.');
    const feed = await this.createFromDefinition(def, mapping, false, user);
    if (dto.inboxDir || dto.schedule) await this.update(user, feed.slug, { inboxDir: dto.inboxDir, schedule: dto.schedule }, address);
    return this.describe(feed.slug);
  }

  async update(user: AuthUser, slug: string, dto: UpdateFeedDto, address: string | null): Promise<FeedDto> {
    const { feed } = await this.get(slug);
    const changes: Partial<Feed> = {};
    if (dto.title !== undefined) changes.title = dto.title;
    if (dto.policy !== undefined) {
      if (dto.policy === LoadPolicy.UpsertByKey && !feed.mapping?.key) throw badRequest('key_required', 'The upsert-by-key policy needs a mapping with a key column.');
      changes.policy = dto.policy;
    }
    if (dto.inboxDir !== undefined) changes.inboxDir = dto.inboxDir || null;
    if (dto.schedule !== undefined) changes.schedule = dto.schedule || null;
    if (dto.previewBeforePublish !== undefined) changes.previewBeforePublish = dto.previewBeforePublish;
    this.checkInbox(changes.inboxDir ?? feed.inboxDir ?? undefined, changes.schedule ?? feed.schedule ?? undefined);
    await this.dataSource.transaction(async (em) => {
      await this.feeds.update(em, feed.id, changes);
      await this.audit.record({ actor: actorOf(user), action: 'feed.updated', target: { type: 'feed', id: feed.id }, details: { slug, changes }, address }, em);
    });
    return this.describe(slug);
  }

  /** Saves a new mapping. Columns may be added; existing columns keep their type. Audited with the old and new mapping. */
  async updateMapping(user: AuthUser, slug: string, input: unknown, address: string | null): Promise<FeedDto> {
    const { feed, dataset } = await this.get(slug);
    const mapping = this.mappingFor(feed.adapter, input);
    if (!mapping) throw badRequest('mapping_not_used', `The ${feed.adapter} adapter reads a fixed format and takes no mapping.`);
    if (feed.policy === LoadPolicy.UpsertByKey && !mapping.key) throw badRequest('key_required', 'This feed upserts by key: the mapping needs a key column.');
    await this.dataSource.transaction(async (em) => {
      await this.mergeColumns(em, dataset, columnsFor(feed.adapter, mapping));
      await this.feeds.update(em, feed.id, { mapping });
      await this.audit.record(
        { actor: actorOf(user), action: 'feed.mapping_changed', target: { type: 'feed', id: feed.id }, details: { slug, before: feed.mapping, after: mapping }, address },
        em,
      );
    });
    const updated = (await this.datasets.findById(dataset.id))!;
    await this.store.ensureDatasetTable(updated.duckdbTable, updated.columns);
    return this.describe(slug);
  }

  private mappingFor(adapter: AdapterName, input: unknown): FeedMapping | null {
    if (isPolice(adapter)) {
      if (input) throw badRequest('mapping_not_used', `The ${adapter} adapter reads a fixed format and takes no mapping.`);
      return null;
    }
    if (!input) throw badRequest('mapping_required', `The ${adapter} adapter needs a column mapping.`);
    try {
      const mapping = parseFeedMapping(input);
      checkMappingNames(mapping);
      return mapping;
    } catch (err) {
      if (err instanceof MappingError || err instanceof PlanError) throw badRequest('mapping_invalid', `The mapping is not valid: ${err.message}`);
      throw err;
    }
  }

  /**
   * A built-in feed's format is fixed by code, so its dataset's columns follow the adapter's
   * declaration of which are dimensions (e.g. police.uk's snapped coordinates became groupable).
   */
  private async refreshBuiltinDimensions(def: FeedDefinition): Promise<void> {
    const dataset = await this.datasets.findBySlug(def.dataset.slug);
    if (!dataset) return;
    const declared = new Map(columnsFor(def.feed.adapter, null).map((c) => [c.name, c]));
    const changed = dataset.columns.filter((c) => declared.has(c.name) && declared.get(c.name)!.type === c.type && declared.get(c.name)!.dimension !== c.dimension);
    if (changed.length === 0) return;
    const columns = dataset.columns.map((c) => (changed.includes(c) ? { ...c, dimension: declared.get(c.name)!.dimension } : c));
    await this.dataSource.transaction(async (em) => {
      await this.datasets.update(em, dataset.id, { columns });
      await this.audit.record(
        {
          actor: null,
          actorEmail: 'system@csp-hub',
          action: 'dataset.columns_changed',
          target: { type: 'dataset', id: dataset.id },
          details: { slug: dataset.slug, dimensions: Object.fromEntries(changed.map((c) => [c.name, !c.dimension])), reason: `declared by the ${def.feed.adapter} adapter` },
        },
        em,
      );
    });
    this.logger.log(`Dataset ${dataset.slug}: ${changed.map((c) => c.name).join(', ')} now ${changed[0].dimension ? 'not ' : ''}dimensions, as the ${def.feed.adapter} adapter declares`);
  }

  /** New columns are added to the declared list; a column may not change type. */
  private async mergeColumns(em: EntityManager, dataset: Dataset, columns: ColumnSpec[]): Promise<void> {
    const existing = new Map(dataset.columns.map((c) => [c.name, c]));
    const added: ColumnSpec[] = [];
    for (const c of columns) {
      const old = existing.get(c.name);
      if (!old) added.push(c);
      else if (old.type !== c.type) {
        throw badRequest('column_type_change', `Column ${c.name} of dataset ${dataset.slug} is ${old.type}; it cannot become ${c.type}. Use a new column name.`);
      }
    }
    if (added.length) await this.datasets.update(em, dataset.id, { columns: [...dataset.columns, ...added] });
  }

  private checkInbox(inboxDir: string | undefined | null, schedule: string | undefined | null): void {
    if (inboxDir && !inboxDir.startsWith('/')) throw badRequest('inbox_not_absolute', 'The inbox folder must be an absolute path.');
    if (schedule) {
      try {
        new CronTime(schedule);
      } catch {
        throw badRequest('schedule_invalid', `"${schedule}" is not a cron expression (e.g. */15 * * * *).`);
      }
    }
  }
}
