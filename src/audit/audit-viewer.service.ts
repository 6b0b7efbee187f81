import { Injectable } from '@nestjs/common';
import { notFound } from '../common/domain-error.js';
import { DatasetsRepository } from '../datasets/datasets.repository.js';
import { csvLine } from '../governance/csv.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import type { AuditEntry } from './audit-entry.entity.js';
import { type AuditActor } from './audit-event.js';
import { AuditService } from './audit.service.js';
import { type AuditFilter, AuditSearchRepository } from './audit-search.repository.js';
import { AuditEntryDto, type AuditPageDto, type AuditQueryDto } from './audit-viewer.dto.js';

/** The most rows one CSV export holds; narrow the filters for more. */
export const AUDIT_EXPORT_MAX_ROWS = 100_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The IMB's audit viewer: filter, page and export the log. Chain verification is AuditService.verify. */
@Injectable()
export class AuditViewerService {
  constructor(
    private readonly search: AuditSearchRepository,
    private readonly organisations: OrganisationsService,
    private readonly datasets: DatasetsRepository,
    private readonly audit: AuditService,
  ) {}

  /** One page of the filtered log. Looking is audited too (`audit.viewed`, with the filters), after the page is read. */
  async page(query: AuditQueryDto, actor: AuditActor, address: string | null): Promise<AuditPageDto> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    await this.audit.settled();
    const { entries, total } = await this.search.page(await this.toFilter(query), (page - 1) * pageSize, pageSize);
    const { page: _p, pageSize: _s, ...filters } = query;
    await this.audit.record({ actor, action: 'audit.viewed', details: { filters, page, total }, address });
    return { entries: entries.map(AuditEntryDto.from), total, page, pageSize };
  }

  /** Entries for a filter already resolved to ids (the data owner view uses this). */
  async pageOf(filter: AuditFilter, page: number, pageSize: number): Promise<{ entries: AuditEntry[]; total: number }> {
    await this.audit.settled();
    return this.search.page(filter, (page - 1) * pageSize, pageSize);
  }

  /** Per actor and action: how often and when last, for a filter already resolved to ids. */
  async summaryOf(filter: AuditFilter, limit = 200) {
    await this.audit.settled();
    return this.search.summary(filter, limit);
  }

  /** The filtered log as CSV, newest first, at most {@link AUDIT_EXPORT_MAX_ROWS} rows; bad filters fail before any output. */
  async exportCsv(query: AuditQueryDto, actor: AuditActor, address: string | null): Promise<AsyncIterable<string>> {
    const filter = await this.toFilter(query);
    const { page: _p, pageSize: _s, ...filters } = query;
    await this.audit.settled();
    await this.audit.record({ actor, action: 'audit.exported', details: { filters }, address });
    return this.csvRows(filter);
  }

  private async *csvRows(filter: AuditFilter): AsyncGenerator<string> {
    yield csvLine(['id', 'at', 'actor_id', 'actor_email', 'organisation_id', 'action', 'target_type', 'target_id', 'details', 'address', 'hash']);
    let before: string | null = null;
    let written = 0;
    while (written < AUDIT_EXPORT_MAX_ROWS) {
      const batch = await this.search.batchBefore(filter, before, Math.min(2000, AUDIT_EXPORT_MAX_ROWS - written));
      if (batch.length === 0) return;
      yield batch
        .map((e) => csvLine([e.id, e.at, e.actorId, e.actorEmail, e.organisationId, e.action, e.targetType, e.targetId, JSON.stringify(e.details), e.address, e.hash]))
        .join('');
      written += batch.length;
      before = batch[batch.length - 1].id;
    }
  }

  private async toFilter(q: AuditQueryDto): Promise<AuditFilter> {
    const filter: AuditFilter = {};
    if (q.actor) {
      if (UUID.test(q.actor)) filter.actorId = q.actor;
      else filter.actorEmail = q.actor.trim();
    }
    if (q.organisation) filter.organisationId = (await this.organisations.getBySlug(q.organisation)).id;
    if (q.dataset) {
      const dataset = await this.datasets.findBySlug(q.dataset);
      if (!dataset) throw notFound('dataset_not_found', `There is no dataset "${q.dataset}".`);
      filter.datasets = [{ id: dataset.id, slug: dataset.slug }];
    }
    if (q.action) {
      filter.actionPrefix = q.action.endsWith('*');
      filter.action = q.action.replace(/\*$/, '');
    }
    if (q.from) filter.from = new Date(q.from);
    if (q.to) filter.to = new Date(q.to);
    return filter;
  }
}
