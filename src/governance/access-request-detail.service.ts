import { Injectable } from '@nestjs/common';
import { GrantsService } from '../access/grants.service.js';
import { visibleColumns } from '../access/access-policy.js';
import { actorOf } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { DatasetsRepository } from '../datasets/datasets.repository.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import type { AccessRequestDetailDto, HoldingDto } from './access-requests.dto.js';
import { AccessRequestsRepository } from './access-requests.repository.js';
import { AccessRequestsService } from './access-requests.service.js';
import { AgreementsService } from './agreements.service.js';
import { capacitiesOf } from './approval-rule.js';

const month = (d: string | null) => (d ? d.slice(0, 7) : null);

/**
 * A request as its approvers weigh it: the columns the level asked for reaches (personal data
 * marked), the months of data the dataset holds, the agreement with its lawful basis, and what
 * the requester already holds. Visible to the requester and the request's possible deciders only.
 */
@Injectable()
export class AccessRequestDetailService {
  constructor(
    private readonly requests: AccessRequestsService,
    private readonly datasets: DatasetsRepository,
    private readonly agreements: AgreementsService,
    private readonly grants: GrantsService,
    private readonly organisations: OrganisationsService,
    private readonly repository: AccessRequestsRepository,
    private readonly audit: AuditService,
  ) {}

  async detail(caller: AuthUser, id: string, address: string | null = null): Promise<AccessRequestDetailDto> {
    const request = await this.requests.get(caller, id);
    const all = await this.datasets.list();
    const dataset = all.find((d) => d.slug === request.dataset);
    if (dataset) await this.noteSeen(caller, request, dataset.ownerOrganisationId, address);
    const included = new Set(dataset ? visibleColumns(dataset.columns, request.level).map((c) => c.name) : []);
    const [agreement] = await this.agreements.byIds([request.agreementId]);
    return {
      ...request,
      columns: (dataset?.columns ?? []).map((c) => ({ name: c.name, label: c.label, personal: c.personal, included: included.has(c.name) })),
      dataPeriod: { from: month(dataset?.minMonth ?? null), to: month(dataset?.maxMonth ?? null), limitedByMonth: false },
      datasetLawfulBasis: dataset?.lawfulBasis ?? '',
      agreement: agreement
        ? { id: agreement.id, title: agreement.title, purpose: agreement.purpose, lawfulBasis: agreement.lawfulBasis, status: agreement.status, startsAt: agreement.startsAt.toISOString(), endsAt: agreement.endsAt.toISOString() }
        : null,
      holdings: await this.holdings(request.requesterId, request.requesterOrganisation, all),
      seenBy: (await this.repository.viewsOf(id)).map((v) => ({ email: v.email, capacity: v.capacity, firstSeenAt: v.firstSeenAt.toISOString() })),
    };
  }

  /** A possible decider opening a pending request is remembered (and audited) the first time. */
  private async noteSeen(caller: AuthUser, request: { id: string; requesterId: string; status: string; datasetOwnerName: string }, ownerOrganisationId: string, address: string | null): Promise<void> {
    const [capacity] = capacitiesOf(caller, ownerOrganisationId);
    if (!capacity || caller.id === request.requesterId || request.status !== 'pending') return;
    if (await this.repository.recordView({ requestId: request.id, userId: caller.id, email: caller.email, capacity })) {
      await this.audit.record({ actor: actorOf(caller), action: 'access_request.seen', target: { type: 'access_request', id: request.id }, details: { capacity }, address });
    }
  }

  /** The requester's live grants: named ones, and their organisation's (case pack grants excluded). */
  private async holdings(requesterId: string, organisationSlug: string, datasets: Awaited<ReturnType<DatasetsRepository['list']>>): Promise<HoldingDto[]> {
    const requester = organisationSlug ? (await this.organisations.getBySlug(organisationSlug)).id : null;
    const live = await this.grants.find({ liveAt: new Date() });
    const mine = live.filter((g) => !g.caseReviewId && (g.granteeUserId === requesterId || (g.granteeUserId === null && requester !== null && g.granteeOrganisationId === requester)));
    const byId = new Map(datasets.map((d) => [d.id, d]));
    const owners = await this.organisations.byIds(mine.map((g) => byId.get(g.datasetId)?.ownerOrganisationId ?? ''));
    return mine.map((g) => {
      const d = byId.get(g.datasetId);
      return {
        grantId: g.id,
        dataset: d?.slug ?? '',
        datasetTitle: d?.title ?? '',
        datasetOwnerName: (d && owners.get(d.ownerOrganisationId)?.name) ?? '',
        level: g.level,
        areas: g.areas,
        byOrganisation: g.granteeUserId === null,
        endsAt: g.endsAt.toISOString(),
      };
    });
  }
}
