import { createHmac } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { PublishGate } from '../analytics-store/publish-gate.js';
import { actorOf } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { badRequest, forbidden, notFound } from '../common/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DatasetsRepository } from '../datasets/datasets.repository.js';
import { ErasureRegisterRepository } from '../ingest/erasure-register.repository.js';
import { FeedsRepository } from '../ingest/feeds.repository.js';
import { LoadQueue } from '../ingest/load-queue.service.js';
import { LoadsRepository } from '../ingest/loads.repository.js';
import { erasureSalt, naturalKeyColumns, naturalKeyHashSql } from '../ingest/natural-key.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { createMatchKeyer, type MatchKeyer } from '../../etl/matching/index.js';
import { LINEAGE_COLUMNS } from '../../domain/dataset-schema.js';
import type { EraseRecordsDto, ErasureResultDto, SubjectDatasetDto, SubjectSearchDto, SubjectSearchResultDto } from './subject-access.dto.js';
import { identifierRoles, matchedBy, normaliseTerms, ROWS_PER_DATASET, type SearchTerms, SearchTermsError, subjectSearchSql, termNames } from './subject-search.js';
import { subjectCsv, subjectJson } from './subject-export.js';
import { RecordNotFoundError, SubjectRecordsRepository } from './subject-records.repository.js';

/**
 * Subject access and erasure (docs/subject-access.md). A search reads only datasets where the
 * caller holds identifiable access (the policy's subjectAccessScope), and is itself audited as an
 * access to personal data: who, which kinds of term, a keyed hash of the terms, and the hits per
 * dataset. Erasure is for the owning organisation only, with a reason, and is entered in the
 * erasure register so that reloading the same file does not bring the records back.
 */
@Injectable()
export class SubjectAccessService {
  private readonly logger = new Logger(SubjectAccessService.name);
  private readonly keyer: MatchKeyer;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly datasets: DatasetsRepository,
    private readonly feeds: FeedsRepository,
    private readonly loads: LoadsRepository,
    private readonly organisations: OrganisationsService,
    private readonly records: SubjectRecordsRepository,
    private readonly register: ErasureRegisterRepository,
    private readonly queue: LoadQueue,
    private readonly gate: PublishGate,
    private readonly audit: AuditService,
  ) {
    this.keyer = createMatchKeyer(config.analytics.matchingKey);
  }

  async search(caller: AuthUser, dto: SubjectSearchDto, address: string | null, action = 'subject_access.searched', extra: Record<string, unknown> = {}): Promise<SubjectSearchResultDto> {
    const terms = this.terms(dto);
    const all = await this.datasets.list();
    const scopes = await this.access.subjectScopes(caller, all);
    const summary = this.summary(terms);
    if (scopes.size === 0) {
      await this.audit.record({ actor: actorOf(caller), action: 'subject_access.refused', details: { ...summary, reason: 'no_identifiable_access' }, address });
      throw forbidden('no_identifiable_access', 'Subject access searches the datasets you hold identifiable access to, and you hold none. Ask the data owner for identifiable access under an agreement.');
    }
    const subjectKeys = this.subjectKeys(dto.name ?? '', terms);
    const partners = await this.organisations.byIds([...new Set(all.map((d) => d.ownerOrganisationId))]);
    const out: SubjectDatasetDto[] = [];
    for (const d of all.filter((x) => scopes.has(x.id))) {
      const scope = scopes.get(d.id)!;
      const roles = identifierRoles(d.columns, (await this.feeds.forDataset(d.id)).map((f) => f.mapping));
      const built = subjectSearchSql(d.duckdbTable, scope, roles, terms, subjectKeys);
      const rows = built && (await this.records.tableExists(d.duckdbTable)) ? await this.records.rows(built.sql, built.params) : [];
      out.push({
        dataset: d.slug,
        title: d.title,
        partner: partners.get(d.ownerOrganisationId)?.name ?? null,
        owned: d.ownerOrganisationId === caller.organisationId,
        lawfulBasis: d.lawfulBasis,
        checked: built?.checked ?? [],
        columns: scope.columns.map((c) => ({ name: c.name, label: c.label, personal: c.personal })),
        records: await this.withLoads(rows.slice(0, ROWS_PER_DATASET), scope.columns.map((c) => c.name)),
        truncated: rows.length > ROWS_PER_DATASET,
      });
    }
    const hits = out.reduce((n, d) => n + d.records.length, 0);
    await this.audit.record({
      actor: actorOf(caller),
      action,
      details: { ...summary, ...extra, hits, datasets: out.map((d) => ({ slug: d.dataset, checked: d.checked, hits: d.records.length })) },
      address,
    });
    return { hits, datasets: out };
  }

  /** The search as a file for the subject access response (CSV or JSON); audited as an export. */
  async export(caller: AuthUser, dto: SubjectSearchDto, format: 'csv' | 'json', address: string | null): Promise<string> {
    const result = await this.search(caller, dto, address, 'subject_access.exported', { format });
    return format === 'csv' ? subjectCsv(result) : subjectJson(result, new Date());
  }

  /**
   * Erases records of a dataset the caller's organisation owns: every version of each record (same
   * natural key) leaves the table and the archive, the roll-ups follow, and the register keeps the
   * record out of later loads. Runs in turn with the loads, never during one.
   */
  async erase(caller: AuthUser, dto: EraseRecordsDto, address: string | null): Promise<ErasureResultDto> {
    const dataset = await this.datasets.findBySlug(dto.dataset);
    if (!dataset || !(await this.access.subjectScopes(caller, [dataset])).has(dataset.id)) throw notFound('dataset_not_found', `There is no dataset "${dto.dataset}" you can search.`);
    if (dataset.ownerOrganisationId !== caller.organisationId) {
      throw forbidden('not_the_owner', `Only ${(await this.organisations.get(dataset.ownerOrganisationId)).name}, which owns "${dataset.slug}", can erase its records. Pass the request to them.`);
    }
    const reason = dto.reason.trim();
    if (reason.length < 10) throw badRequest('reason_required', 'Give the reason for the erasure (at least 10 characters).');
    const records = [...new Map(dto.records.map((r) => [`${r.loadId}:${r.sourceRow}`, r])).values()];
    const keyColumns = naturalKeyColumns(dataset.columns, (await this.feeds.forDataset(dataset.id)).map((f) => f.mapping));
    if (keyColumns.length === 0) throw badRequest('no_natural_key', `Dataset "${dataset.slug}" has no columns that identify a record across loads, so an erasure could not be kept; ask an operator to give its feed a key column.`);
    const keyHash = naturalKeyHashSql(keyColumns, '$1');
    const salt = erasureSalt(this.config.analytics.matchingKey, dataset.id);
    let erasureId = '';
    try {
      const outcome = await this.queue.inTurn(() =>
        this.gate.shared(() =>
          this.records.erase(dataset.duckdbTable, keyHash, salt, records, async (o) => {
            await this.dataSource.transaction(async (em) => {
              const saved = await this.register.record(
                em,
                { datasetId: dataset.id, reason, erasedBy: caller.id, erasedByEmail: caller.email, records: o.hashes.length, rowsDeleted: o.rowsDeleted, archivedRowsDeleted: o.archivedRowsDeleted },
                o.hashes,
              );
              erasureId = saved.id;
              await this.datasets.recordPublish(dataset.id, o.stats, null, em);
              await this.audit.record(
                {
                  actor: actorOf(caller),
                  action: 'subject_access.erased',
                  target: { type: 'dataset', id: dataset.id },
                  details: { dataset: dataset.slug, erasureId: saved.id, reason, records: o.hashes.length, rowsDeleted: o.rowsDeleted, archivedRowsDeleted: o.archivedRowsDeleted, naturalKey: keyColumns },
                  address,
                },
                em,
              );
            });
          }),
        ),
      );
      this.logger.log(`Erased ${outcome.hashes.length} records (${outcome.rowsDeleted} rows, ${outcome.archivedRowsDeleted} archived) from ${dataset.slug}`);
      return { erasureId, dataset: dataset.slug, records: outcome.hashes.length, rowsDeleted: outcome.rowsDeleted, archivedRowsDeleted: outcome.archivedRowsDeleted };
    } catch (err) {
      if (err instanceof RecordNotFoundError) {
        throw badRequest('record_not_found', `${err.message}. Nothing was erased; search again and choose from the records shown.`, { missing: err.missing });
      }
      throw err;
    }
  }

  /** The subject keys of the name (as written, and read family name first) and date of birth, if both were given. */
  private subjectKeys(name: string, terms: SearchTerms): string[] {
    if (!terms.nameTokens.length || !terms.dateOfBirth) return [];
    const t = terms.nameTokens;
    const readings = [name, `${t[0]}, ${t.slice(1).join(' ')}`];
    return [...new Set(readings.map((fullName) => this.keyer.subjectKey({ fullName, dateOfBirth: terms.dateOfBirth })).filter((k): k is string => k !== null))];
  }

  private terms(dto: SubjectSearchDto): SearchTerms {
    try {
      return normaliseTerms(dto);
    } catch (err) {
      if (err instanceof SearchTermsError) throw badRequest('search_terms_invalid', err.message);
      throw err;
    }
  }

  /** What the audit keeps of a search: the kinds of term and a keyed hash of them, never their values. */
  private summary(terms: SearchTerms): Record<string, unknown> {
    const canonical = JSON.stringify([[...terms.nameTokens].sort(), terms.dateOfBirth, terms.reference]);
    const termsHash = createHmac('sha256', this.config.analytics.matchingKey).update(`subject-access-terms\0${canonical}`).digest('hex').slice(0, 32);
    return { terms: termNames(terms), termsHash };
  }

  private async withLoads(rows: Record<string, unknown>[], columns: string[]) {
    const loads = new Map((await this.loads.findByIds([...new Set(rows.map((r) => String(r[LINEAGE_COLUMNS.loadId])))])).map((l) => [l.id, l]));
    return rows.map((r) => {
      const load = loads.get(String(r[LINEAGE_COLUMNS.loadId]));
      return {
        loadId: String(r[LINEAGE_COLUMNS.loadId]),
        sourceRow: Number(r[LINEAGE_COLUMNS.sourceRow]),
        file: load?.fileName ?? null,
        loadedAt: load?.finishedAt?.toISOString() ?? null,
        matchedBy: matchedBy(r),
        values: Object.fromEntries(columns.map((c) => [c, r[c] ?? null])),
      };
    });
  }
}
