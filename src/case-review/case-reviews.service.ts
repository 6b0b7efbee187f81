import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { expandAreas, GrantsService } from '../access/grants.service.js';
import { actorOf } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { hasPermission, Permission } from '../auth/permission.js';
import { badRequest, conflict, forbidden } from '../common/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DatasetsRepository } from '../datasets/datasets.repository.js';
import { AccessRequestsService } from '../governance/access-requests.service.js';
import { AgreementsService } from '../governance/agreements.service.js';
import { NotificationKind } from '../governance/notification.entity.js';
import { NotificationsService } from '../governance/notifications.service.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { CaseAccess, type LoadedCase } from './case-access.js';
import { CaseApplicationsService } from './case-applications.service.js';
import { CALENDAR, todayInEngland } from './case-calendar.js';
import { CaseStatus } from './case-review.entity.js';
import type { AppealDto, ItemDto, OutcomeDto } from './case-review.dto.js';
import { CaseReviewsRepository } from './case-reviews.repository.js';

const OPEN = [CaseStatus.ReviewOpen, CaseStatus.ReviewHeld];

/**
 * The review itself: agencies and members, the case pack request (through governance), the
 * meeting, recommendations and actions, the outcome (which closes the review and ends the case
 * pack), and the applicant's appeal to the PCC.
 */
@Injectable()
export class CaseReviewsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cases: CaseReviewsRepository,
    private readonly access: CaseAccess,
    private readonly applications: CaseApplicationsService,
    private readonly organisations: OrganisationsService,
    private readonly datasets: DatasetsRepository,
    private readonly agreements: AgreementsService,
    private readonly requests: AccessRequestsService,
    private readonly grants: GrantsService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  /** Opens the review with the agencies taking part; the officer who opens it chairs it. */
  async open(caller: AuthUser, id: string, agencySlugs: string[], address: string | null) {
    const agencies = await Promise.all(agencySlugs.map((s) => this.organisations.getBySlug(s)));
    const users = await this.notifications.directory();
    await this.dataSource.transaction(async (em) => {
      const c = await this.access.loadAsOfficer(caller, id, em);
      if (c.review.status !== CaseStatus.ThresholdMet) throw conflict('review_not_due', 'A review opens only once the threshold is decided as met.');
      const agencyIds = [...new Set([caller.organisationId, ...agencies.map((a) => a.id)])];
      await this.cases.update(em, id, { status: CaseStatus.ReviewOpen, agencyIds });
      if (!c.members.some((m) => m.userId === caller.id)) await this.cases.addMember(em, { caseReviewId: id, userId: caller.id, organisationId: caller.organisationId, role: 'chair' });
      await this.audit.record({ actor: actorOf(caller), action: 'case_review.review_opened', target: { type: 'case_review', id }, details: { agencies: agencySlugs }, address }, em);
      const invited = users.filter((u) => !u.disabled && agencyIds.includes(u.organisationId) && u.id !== caller.id && hasPermission(u.roles, Permission.CaseReviewsTakePart)).map((u) => u.id);
      await this.notifications.send(invited, { kind: NotificationKind.CaseReviewUpdate, title: `ASB case review ${c.review.reference}: your agency is asked to take part`, body: `Join the review by ${c.review.holdBy}.`, targetType: 'case_review', targetId: id, dedupeKey: `case-review-invite:${id}` }, em);
    });
    return this.applications.get(caller, id, address);
  }

  /** A user of a named agency adds their own account as the agency's member. */
  async join(caller: AuthUser, id: string, address: string | null) {
    await this.dataSource.transaction(async (em) => {
      const c = await this.access.load(caller, id, em, true);
      if (!OPEN.includes(c.review.status)) throw conflict('review_not_open', 'This review is not open.');
      if (!c.review.agencyIds.includes(caller.organisationId)) throw forbidden('agency_not_in_review', 'Your agency is not taking part in this review.');
      if (c.members.some((m) => m.userId === caller.id)) throw conflict('already_member', 'You are already a member of this review.');
      await this.cases.addMember(em, { caseReviewId: id, userId: caller.id, organisationId: caller.organisationId, role: 'member' });
      await this.audit.record({ actor: actorOf(caller), action: 'case_review.member_joined', target: { type: 'case_review', id }, details: { organisationId: caller.organisationId }, address }, em);
    });
    return this.applications.get(caller, id, address);
  }

  /**
   * Asks, under the ASB information sharing agreement, for identifiable access to each partner
   * dataset holding reports about the applicant or the location: one ordinary access request per
   * dataset, decided by its data owner or the IMB, ending when the review closes at the latest.
   */
  async requestPack(caller: AuthUser, id: string, agreementId: string, address: string | null) {
    const agreement = await this.agreements.visible(caller, agreementId);
    const users = await this.notifications.directory();
    const all = await this.datasets.list();
    const created = await this.dataSource.transaction(async (em) => {
      const { review } = await this.access.loadAsChair(caller, id, em);
      if (!OPEN.includes(review.status)) throw conflict('review_not_open', 'A case pack is requested for an open review.');
      const reports = review.thresholdCheck?.reports ?? [];
      const slugs = [...new Set(reports.map((r) => r.dataset))];
      if (slugs.length === 0) throw conflict('nothing_to_share', 'No partner holds reports about the applicant or the location.');
      const existing = await this.requests.forCaseReview(id, em);
      const datasets = all.filter((d) => slugs.includes(d.slug) && !existing.some((e) => e.datasetId === d.id && e.status !== 'refused' && e.status !== 'withdrawn'));
      const until = new Date(Math.min(Date.now() + this.config.caseReview.packDays * 86_400_000, agreement.endsAt.getTime()));
      const out = [];
      for (const dataset of datasets) {
        const areas = expandAreas([...new Set([review.districtCode, ...reports.filter((r) => r.dataset === dataset.slug && r.districtCode).map((r) => r.districtCode!)])]);
        out.push(await this.requests.requestForCaseReview(caller, { caseReviewId: id, reference: review.reference, dataset, agreement, areas, until }, em, users, address));
      }
      await this.audit.record({ actor: actorOf(caller), action: 'case_review.pack_requested', target: { type: 'case_review', id }, details: { agreementId, datasets: datasets.map((d) => ({ slug: d.slug, level: 'identifiable' })), requests: out.map((r) => r.id) }, address }, em);
      return out;
    });
    return { requested: created.map((r) => ({ id: r.id, datasetId: r.datasetId, until: r.requestedUntil.toISOString(), status: r.status })) };
  }

  async recordHeld(caller: AuthUser, id: string, on: string, address: string | null) {
    await this.dataSource.transaction(async (em) => {
      const { review } = await this.access.loadAsChair(caller, id, em);
      if (review.status !== CaseStatus.ReviewOpen) throw conflict('review_not_open', 'Only an open review can be recorded as held.');
      if (on < (review.decidedOn ?? review.receivedOn) || on > todayInEngland()) throw badRequest('date_invalid', 'The review is held after the decision, and not in the future.');
      await this.cases.update(em, id, { status: CaseStatus.ReviewHeld, reviewHeldOn: on, respondBy: CALENDAR.addWorkingDays(on, this.config.caseReview.workingDays.respond) });
      await this.audit.record({ actor: actorOf(caller), action: 'case_review.review_held', target: { type: 'case_review', id }, details: { on, holdBy: review.holdBy, late: on > (review.holdBy ?? on) }, address }, em);
    });
    return this.applications.get(caller, id, address);
  }

  async addItem(caller: AuthUser, id: string, dto: ItemDto, address: string | null) {
    const owner = dto.owner ? await this.organisations.getBySlug(dto.owner) : null;
    if (dto.kind === 'action' && (!owner || !dto.dueOn)) throw badRequest('action_incomplete', 'An action needs an owning agency and a due date.');
    await this.dataSource.transaction(async (em) => {
      const c = await this.access.loadAsChair(caller, id, em);
      if (!OPEN.includes(c.review.status)) throw conflict('review_not_open', 'Recommendations and actions are recorded while the review is open.');
      if (owner && !c.review.agencyIds.includes(owner.id)) throw badRequest('owner_not_in_review', 'An action is owned by an agency taking part in the review.');
      const item = await this.cases.addItem(em, { caseReviewId: id, kind: dto.kind, text: dto.text.trim(), ownerOrganisationId: owner?.id ?? null, dueOn: dto.dueOn ?? null, createdBy: caller.id });
      await this.audit.record({ actor: actorOf(caller), action: `case_review.${dto.kind}_added`, target: { type: 'case_review', id }, details: { itemId: item.id, owner: dto.owner ?? null, dueOn: dto.dueOn ?? null }, address }, em);
      await this.tellMembers(em, c, caller, `ASB case review ${c.review.reference}: ${dto.kind} recorded`, dto.text.trim());
    });
    return this.applications.get(caller, id, address);
  }

  /** A member of the owning agency, or the chair, marks an action done. */
  async completeItem(caller: AuthUser, id: string, itemId: string, address: string | null) {
    await this.dataSource.transaction(async (em) => {
      const c = await this.access.load(caller, id, em, true);
      const item = (await this.cases.itemsOf([id], em)).find((i) => i.id === itemId);
      if (!item || !(c.chair || (c.member && item.ownerOrganisationId === caller.organisationId))) throw forbidden('not_owner', "Only the owning agency's member or the chair can complete this.");
      if (!(await this.cases.completeItem(em, id, itemId, todayInEngland()))) throw conflict('already_done', 'This is already done.');
      await this.audit.record({ actor: actorOf(caller), action: 'case_review.item_done', target: { type: 'case_review', id }, details: { itemId }, address }, em);
    });
    return this.applications.get(caller, id, address);
  }

  /** The chair records the outcome as told to the applicant; the review closes and its case pack ends. */
  async close(caller: AuthUser, id: string, dto: OutcomeDto, address: string | null) {
    await this.dataSource.transaction(async (em) => {
      const { review } = await this.access.loadAsChair(caller, id, em);
      if (review.status !== CaseStatus.ReviewHeld) throw conflict('review_not_held', 'Record the review as held before its outcome.');
      if (dto.respondedOn < review.reviewHeldOn! || dto.respondedOn > todayInEngland()) throw badRequest('date_invalid', 'The applicant is told after the review, and not in the future.');
      await this.cases.update(em, id, { status: CaseStatus.Closed, outcome: dto.outcome.trim(), respondedOn: dto.respondedOn, closedAt: new Date() });
      const ended = await this.endPack(em, caller, id, address);
      await this.audit.record({ actor: actorOf(caller), action: 'case_review.closed', target: { type: 'case_review', id }, details: { respondedOn: dto.respondedOn, late: dto.respondedOn > (review.respondBy ?? dto.respondedOn), packGrantsEnded: ended }, address }, em);
    });
    this.grants.changed();
    return this.applications.get(caller, id, address);
  }

  /** The applicant asked the PCC to review how the case was handled; the PCC's decision when it comes. */
  async appeal(caller: AuthUser, id: string, dto: AppealDto, address: string | null) {
    await this.dataSource.transaction(async (em) => {
      const { review } = await this.access.loadAsOfficer(caller, id, em);
      if (![CaseStatus.ThresholdNotMet, CaseStatus.Closed].includes(review.status)) throw conflict('appeal_not_due', 'An appeal follows a decision that the threshold was not met, or a review\'s outcome.');
      if (dto.requestedOn > todayInEngland() || (dto.decidedOn && (!dto.outcome || dto.decidedOn < dto.requestedOn))) throw badRequest('appeal_invalid', 'Give the request date (not in the future) and, once decided, the outcome with a date after it.');
      await this.cases.update(em, id, { appealRequestedOn: dto.requestedOn, appealOutcome: dto.outcome?.trim() ?? null, appealDecidedOn: dto.decidedOn ?? null });
      await this.audit.record({ actor: actorOf(caller), action: 'case_review.appeal_recorded', target: { type: 'case_review', id }, details: { requestedOn: dto.requestedOn, decided: !!dto.decidedOn }, address }, em);
    });
    return this.applications.get(caller, id, address);
  }

  /** Revokes the review's live case pack grants and withdraws pending requests, inside the closing transaction. */
  private async endPack(em: EntityManager, caller: AuthUser, id: string, address: string | null): Promise<number> {
    const live = await this.grants.find({ caseReviewId: id, liveAt: new Date() }, em);
    for (const grant of live) await this.grants.revokeIn(em, grant, actorOf(caller), 'ASB case review closed', address);
    await this.requests.withdrawForCaseReview(em, id, caller, address);
    return live.length;
  }

  private async tellMembers(em: EntityManager, c: LoadedCase, caller: AuthUser, title: string, body: string): Promise<void> {
    await this.notifications.send(c.members.map((m) => m.userId).filter((u) => u !== caller.id), { kind: NotificationKind.CaseReviewUpdate, title, body, targetType: 'case_review', targetId: c.review.id, dedupeKey: null }, em);
  }
}
