import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { AccessLevel, levelRank } from '../access/access-level.js';
import { type DatasetAccess, type QueryScope, scopeFingerprint } from '../access/access-policy.js';
import { AccessService } from '../access/access.service.js';
import { GrantChanges } from '../access/grant-changes.js';
import { actorOf } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { badRequest, DomainError, forbidden, notFound } from '../common/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { type ColumnSpec, type ColumnType, COMMON_COLUMNS } from '../../domain/dataset-schema.js';
import type { Dataset } from '../datasets/dataset.entity.js';
import { DatasetsRepository } from '../datasets/datasets.repository.js';
import { type ShapedAnswer, shapeAggregate, shapeRecords } from './answer-shaping.js';
import { QueryCache } from './query-cache.js';
import { normaliseSpec } from './query-normalise.js';
import type { QueryResult } from './query-result.js';
import { buildAggregateSql, buildRecordSql, DATASET_COLUMN, type QuerySource, usesReference } from './query-sql.js';
import { CROSS_PARTNER, type GroupColumn, isAggregate, type NormalisedSpec, parseSpec, type QuerySpecInput, SpecError } from './query-spec.js';
import { QueryRepository } from './query.repository.js';
import { REFERENCE_COLUMNS } from '../reference/reference-columns.js';
import { LsoaBestFitService } from '../reference/lsoa-best-fit.service.js';
import { ReferenceDataService } from '../reference/reference-data.service.js';
import { addRates } from './answer-rates.js';
import type { AnswerControl } from './answer-shaping.js';
import type { SuppressionSummary } from './query-result.js';
import { QuestionBudgetService, type BudgetState } from '../disclosure/question-budget.service.js';
import { noiseBound } from '../disclosure/cell-noise.js';
import { maxRunsOf } from './cell-predicates.js';
import { refuseTokenForManyDatasets, requireDatasetScope } from '../api-tokens/token-scope.js';

/** The `dataset` group of the cross-partner view. */
const DATASET_GROUP: GroupColumn = { output: 'dataset', source: DATASET_COLUMN, sourceType: 'text', transform: 'dataset', label: 'Dataset' };

interface Plan {
  spec: NormalisedSpec;
  used: { dataset: Dataset; access: DatasetAccess; scope: QueryScope }[];
  /** Aggregate-level disclosure control applies (some dataset used is protected for this caller). */
  suppress: boolean;
  /** The highest threshold among the protected datasets used. */
  threshold: number;
  level: AccessLevel;
}

type CachedAnswer = Omit<QueryResult, 'meta'> & { meta: Omit<QueryResult['meta'], 'cached'> };

export interface QueryContext {
  format: string;
  address: string | null;
}

/**
 * Answers questions: validates them, asks the policy what the caller may see, runs SQL built
 * from declared names, applies disclosure control, caches, and audits every answer.
 */
@Injectable()
export class QueryService implements OnModuleDestroy {
  private readonly cache: QueryCache<CachedAnswer>;
  private readonly inflight = new Map<string, Promise<CachedAnswer>>();
  private readonly unsubscribe: () => void;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly datasets: DatasetsRepository,
    private readonly access: AccessService,
    private readonly repository: QueryRepository,
    private readonly audit: AuditService,
    private readonly reference: ReferenceDataService,
    private readonly bestFit: LsoaBestFitService,
    private readonly budget: QuestionBudgetService,
    grantChanges: GrantChanges,
  ) {
    this.cache = new QueryCache(config.query.cacheEntries, config.query.cacheTtlSeconds * 1000);
    this.unsubscribe = grantChanges.subscribe(() => {
      this.cache.clear();
      this.inflight.clear();
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }

  async run(caller: AuthUser, body: unknown, context: QueryContext): Promise<QueryResult> {
    const started = performance.now();
    const input = asBadRequest(() => parseSpec(body));
    const plan = await this.plan(caller, input, context);
    // The budget is spent while the answer is computed; nothing is released unless the spend succeeds.
    const spending = plan.suppress ? this.spendBudget(caller, plan, context) : Promise.resolve(null);
    spending.catch(() => undefined);
    const referenceVersion = (await this.reference.snapshot())?.version.version ?? 0;
    const key = QueryCache.key([plan.spec, plan.threshold, plan.used.map((u) => [u.dataset.id, u.dataset.version, scopeFingerprint(u.scope)]), referenceVersion]);
    const cached = this.cache.get(key);
    const hit = cached !== undefined;
    const [budget, entry] = await Promise.all([spending, cached ?? this.computeOnce(key, plan)]);
    const result: QueryResult = { ...entry, meta: { ...entry.meta, cached: hit, ...(budget ? { questionBudget: budget } : {}) } };
    this.audit.recordSoon({
      actor: actorOf(caller),
      action: 'query.run',
      target: { type: 'dataset', id: input.dataset === CROSS_PARTNER ? CROSS_PARTNER : plan.used[0].dataset.id },
      details: {
        spec: plan.spec,
        datasets: plan.used.map((u) => ({ slug: u.dataset.slug, version: u.dataset.version, level: u.scope.level, areas: u.scope.areas })),
        level: plan.level,
        rows: result.rowCount,
        suppressedCells: result.meta.suppression?.suppressedCells ?? 0,
        ...(budget ? { questionBudget: budget } : {}),
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        cached: hit,
        format: context.format,
      },
      address: context.address,
    });
    this.access.noteUse(plan.used.flatMap((u) => u.access.grantIds));
    return result;
  }

  /** Plans the question; a refusal for lack of access is audited too, so reviews can see attempts. */
  private async plan(caller: AuthUser, input: QuerySpecInput, context: QueryContext): Promise<Plan> {
    try {
      return input.dataset === CROSS_PARTNER ? await this.planCrossPartner(caller, input) : await this.planDataset(caller, input);
    } catch (err) {
      if (err instanceof DomainError && err.status === 403) {
        this.audit.recordSoon({ actor: actorOf(caller), action: 'query.refused', target: { type: 'dataset', id: input.dataset }, details: { code: err.code, areas: input.areas ?? null }, address: context.address });
      }
      throw err;
    }
  }

  private async planDataset(caller: AuthUser, input: QuerySpecInput): Promise<Plan> {
    if (input.datasets) throw badRequest('invalid_query', 'datasets is only for the cross-partner view (dataset "*").');
    const dataset = await this.datasets.findBySlug(input.dataset);
    if (!dataset) throw notFound('dataset_not_found', `There is no dataset "${input.dataset}".`);
    requireDatasetScope(caller, dataset);
    const access = await this.access.forDataset(caller, dataset, input.areas);
    const wantsRows = !isAggregate(input);
    const scope = wantsRows ? access.records : access.aggregate;
    if (!scope) {
      if (wantsRows && access.aggregate) throw forbidden('record_access_required', 'Your access to this dataset is aggregate only: ask for counts with measures and groupBy.');
      throw forbidden('no_access', `You do not have access to "${dataset.slug}"${input.areas ? ' in those areas' : ''}. Ask its owner or the IMB for a grant.`);
    }
    const suppress = scope.suppress && !dataset.openData;
    const spec = asBadRequest(() => normaliseSpec(input, withReferenceColumns(input, scope.columns), { countsOnly: scope.suppress, protectedSets: suppress, limits: this.config.query }));
    return { spec, used: [{ dataset, access, scope }], suppress, threshold: this.thresholdOf([dataset]), level: scope.level };
  }

  private async planCrossPartner(caller: AuthUser, input: QuerySpecInput): Promise<Plan> {
    refuseTokenForManyDatasets(caller);
    if (!isAggregate(input)) throw badRequest('invalid_query', 'The cross-partner view answers counts only: give measures or groupBy.');
    const all = await this.datasets.list();
    const wanted = input.datasets ? all.filter((d) => input.datasets!.includes(d.slug)) : all;
    const unknown = (input.datasets ?? []).filter((s) => !all.some((d) => d.slug === s));
    if (unknown.length) throw notFound('dataset_not_found', `There is no dataset "${unknown[0]}".`);
    const accesses = await this.access.forDatasets(caller, wanted, input.areas);
    const used = wanted.flatMap((dataset) => {
      const access = accesses.get(dataset.id)!;
      return access.aggregate ? [{ dataset, access, scope: access.aggregate }] : [];
    });
    if (used.length === 0) throw forbidden('no_access', 'You do not have access to any dataset for this view.');
    const protectedUsed = used.filter((u) => u.scope.suppress && !u.dataset.openData);
    const suppress = protectedUsed.length > 0;
    const spec = asBadRequest(() => normaliseSpec(input, withReferenceColumns(input, COMMON_COLUMNS), { countsOnly: true, protectedSets: suppress, limits: this.config.query, extraGroups: [DATASET_GROUP] }));
    const level = used.map((u) => u.scope.level).reduce((a, b) => (levelRank(a) <= levelRank(b) ? a : b));
    return { spec, used, suppress, threshold: this.thresholdOf(protectedUsed.map((u) => u.dataset)), level };
  }

  private thresholdOf(datasets: readonly Dataset[]): number {
    return Math.max(this.config.query.suppressionThreshold, ...datasets.map((d) => d.disclosureThreshold ?? 0));
  }

  /**
   * Spends the question from the daily budget of each protected dataset it reads (nothing for a
   * question the organisation already asked today); a refusal is audited.
   */
  private async spendBudget(caller: AuthUser, plan: Plan, context: QueryContext): Promise<BudgetState | null> {
    let tightest: BudgetState | null = null;
    const question = { spec: plan.spec, scopes: plan.used.map((u) => [u.dataset.slug, scopeFingerprint(u.scope)]) };
    for (const u of plan.used.filter((x) => x.scope.suppress && !x.dataset.openData)) {
      try {
        const state = await this.budget.spend(caller, u.dataset, question);
        if (!tightest || state.limit - state.used < tightest.limit - tightest.used) tightest = state;
      } catch (err) {
        if (err instanceof DomainError && err.status === 429) {
          this.audit.recordSoon({ actor: actorOf(caller), action: 'query.refused', target: { type: 'dataset', id: u.dataset.id }, details: { code: err.code, spec: plan.spec }, address: context.address });
        }
        throw err;
      }
    }
    return tightest;
  }

  /**
   * Computes an answer once however many identical questions arrive together (a dashboard opened
   * by many people at 9am would otherwise run the same scan once per person), then caches it.
   */
  private computeOnce(key: string, plan: Plan): Promise<CachedAnswer> {
    const running = this.inflight.get(key);
    if (running) return running;
    const work = this.compute(plan)
      .then((shaped) => {
        const entry = { columns: shaped.columns, values: shaped.values, rowCount: shaped.rowCount, meta: this.meta(plan, shaped) };
        this.cache.set(key, entry);
        return entry;
      })
      .finally(() => this.inflight.delete(key));
    this.inflight.set(key, work);
    return work;
  }

  private async compute(plan: Plan): Promise<ShapedAnswer> {
    const sources: QuerySource[] = [];
    for (const u of plan.used) {
      const found = await this.repository.source(u.dataset.duckdbTable);
      if (found) sources.push({ table: u.dataset.duckdbTable, areas: u.scope.areas, slug: u.dataset.slug, rollups: found.rollups });
    }
    const types = new Map<string, ColumnType>([...plan.used.flatMap((u) => u.scope.columns), ...REFERENCE_COLUMNS].map((c) => [c.name, c.type] as const));
    const { spec } = plan;
    let shaped: ShapedAnswer;
    if (spec.kind === 'aggregate') {
      if (usesReference(spec) || spec.rate) {
        await this.bestFit.ensure(plan.used.map((u) => ({ table: u.dataset.duckdbTable, version: u.dataset.version, hasCoordinates: hasCoordinates(u.dataset) })));
      }
      const maxGroups = this.config.query.maxGroups;
      let control = this.control(plan);
      if (control?.method === 'perturbation') {
        const constants = await Promise.all(plan.used.map(async (u) => this.repository.constants(u.dataset.duckdbTable, u.dataset.version, sources.find((s) => s.table === u.dataset.duckdbTable)?.rollups ?? [])));
        control = { ...control, sources: control.sources.map((s, i) => ({ ...s, constants: constants[i] })) };
      }
      const smallParts = control?.method === 'perturbation' ? { threshold: control.rules.threshold } : undefined;
      const rows = sources.length ? await this.repository.run(buildAggregateSql(spec, sources, types, maxGroups, smallParts)) : { names: [], values: [] };
      if ((rows.values[0]?.length ?? 0) > maxGroups) throw badRequest('too_many_groups', `The answer would have more than ${maxGroups} groups. Add filters or group by fewer things.`);
      if (spec.groups.length === 0 && (rows.values[0]?.length ?? 0) === 0) rows.values = spec.measures.map((m) => [m.fn === 'count' || m.fn === 'count_distinct' ? 0 : null]);
      shaped = shapeAggregate(spec, rows, types, control);
      // Rates come after release: their numerator is the count the answer gives out.
      if (spec.rate) shaped = addRates(shaped, spec, await this.reference.snapshot(), plan.used.map((u) => u.scope.areas), await this.bestFit.wards());
    } else {
      const rows = sources.length ? await this.repository.run(buildRecordSql(spec, sources[0])) : { names: [], values: [] };
      shaped = shapeRecords(spec, rows);
    }
    return shaped;
  }

  /** The disclosure control an answer gets, or null when it gets none. */
  private control(plan: Plan): AnswerControl | null {
    if (!plan.suppress) return null;
    const { disclosure, query } = this.config;
    if (disclosure.method === 'rounding') return { method: 'rounding', rules: { threshold: plan.threshold, base: query.roundingBase } };
    return {
      method: 'perturbation',
      rules: { threshold: plan.threshold, spread: disclosure.spread, secret: disclosure.noiseSecret },
      sources: plan.used.map((u) => ({ slug: u.dataset.slug, areas: u.scope.areas, span: spanOf(u.dataset) })),
      stand: plan.threshold / 2,
    };
  }

  private meta(plan: Plan, shaped: ShapedAnswer): Omit<QueryResult['meta'], 'cached'> {
    const { spec } = plan;
    return {
      dataset: plan.used.length === 1 && spec.dataset !== CROSS_PARTNER ? plan.used[0].dataset.slug : CROSS_PARTNER,
      kind: spec.kind,
      level: plan.level,
      suppression: plan.suppress ? this.suppressionSummary(plan, shaped) : null,
      offset: spec.offset,
      limit: spec.limit,
      hasMore: shaped.hasMore,
      datasets: plan.used.map((u) => ({ slug: u.dataset.slug, version: u.dataset.version, level: u.scope.level })),
    };
  }

  private suppressionSummary(plan: Plan, shaped: ShapedAnswer): SuppressionSummary {
    const { disclosure, query } = this.config;
    const suppressedCells = shaped.suppressedCells ?? 0;
    if (disclosure.method === 'rounding') return { method: 'rounding', threshold: plan.threshold, base: query.roundingBase, maxError: Math.floor(query.roundingBase / 2), suppressedCells };
    const baseError = noiseBound(disclosure.spread, maxRunsOf(plan.spec));
    return { method: 'perturbation', threshold: plan.threshold, base: 1, maxError: Math.max(baseError, shaped.maxError ?? 0), baseError, suppressedCells };
  }
}

/** Grouped questions on data with an LSOA code may also use the reference dimensions. */
function withReferenceColumns(input: QuerySpecInput, columns: readonly ColumnSpec[]): readonly ColumnSpec[] {
  return isAggregate(input) && columns.some((c) => c.name === 'lsoa_code') ? [...columns, ...REFERENCE_COLUMNS] : columns;
}

function hasCoordinates(dataset: Dataset): boolean {
  const names = new Set(dataset.columns.map((c) => c.name));
  return names.has('longitude') && names.has('latitude');
}

function asBadRequest<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof SpecError) throw badRequest('invalid_query', err.message, { path: err.path });
    throw err;
  }
}

/** The months a dataset holds, as disclosure control canonicalises time ranges against them. */
function spanOf(dataset: Dataset): { first: string; last: string } | null {
  if (!dataset.minMonth || !dataset.maxMonth) return null;
  return { first: String(dataset.minMonth).slice(0, 7), last: String(dataset.maxMonth).slice(0, 7) };
}
