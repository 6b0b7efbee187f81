import { Injectable } from '@nestjs/common';
import { actorOf } from '../audit/audit-event.js';
import type { AuditFilter } from '../audit/audit-search.repository.js';
import { AuditService } from '../audit/audit.service.js';
import { AuditEntryDto } from '../audit/audit-viewer.dto.js';
import { AuditViewerService } from '../audit/audit-viewer.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { notFound } from '../common/domain-error.js';
import { DatasetsRepository } from '../datasets/datasets.repository.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { AccessRequestsService } from './access-requests.service.js';
import type { DatasetUsageDto, OwnerPendingDto, UsageQueryDto } from './owner-view.dto.js';

/** Audit actions that are a use of data (queries, exports), as opposed to administration of access. */
export const USE_ACTION_PREFIXES = ['query.', 'analytics.', 'export.', 'data.'];

/** The data owner's view: who used my organisation's datasets, when and how, and what awaits me. */
@Injectable()
export class OwnerViewService {
  constructor(
    private readonly datasets: DatasetsRepository,
    private readonly viewer: AuditViewerService,
    private readonly organisations: OrganisationsService,
    private readonly requests: AccessRequestsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Reads the audit log for the caller's datasets; the viewing is itself audited (under a details
   * key the dataset filter does not match, so owners do not see their own look-ups as "use").
   */
  async usage(caller: AuthUser, q: UsageQueryDto, address: string | null): Promise<DatasetUsageDto> {
    let owned = (await this.datasets.list()).filter((d) => d.ownerOrganisationId === caller.organisationId);
    if (q.dataset) {
      owned = owned.filter((d) => d.slug === q.dataset);
      if (owned.length === 0) throw notFound('dataset_not_found', `Your organisation has no dataset "${q.dataset}".`);
    }
    const filter: AuditFilter = {
      datasets: owned.map((d) => ({ id: d.id, slug: d.slug })),
      actionPrefixes: (q.kind ?? 'use') === 'use' ? USE_ACTION_PREFIXES : undefined,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
    };
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const { entries, total } = await this.viewer.pageOf(filter, page, pageSize);
    const summary = await this.viewer.summaryOf(filter);
    const { page: _p, pageSize: _s, ...filters } = q;
    await this.audit.record({ actor: actorOf(caller), action: 'dataset_usage.viewed', details: { filters, viewedDatasets: owned.map((d) => d.slug), total }, address });
    const orgs = await this.organisations.byIds(summary.flatMap((s) => (s.organisationId ? [s.organisationId] : [])));
    return {
      datasets: owned.map((d) => ({ id: d.id, slug: d.slug, title: d.title })),
      byActor: summary.map((s) => ({
        actorId: s.actorId,
        actorEmail: s.actorEmail,
        organisation: s.organisationId ? (orgs.get(s.organisationId)?.slug ?? s.organisationId) : null,
        action: s.action,
        count: s.count,
        lastAt: s.lastAt.toISOString(),
      })),
      entries: entries.map(AuditEntryDto.from),
      total,
      page,
      pageSize,
    };
  }

  async pending(caller: AuthUser): Promise<OwnerPendingDto> {
    return { requests: await this.requests.list(caller, { scope: 'to_decide' }) };
  }
}
