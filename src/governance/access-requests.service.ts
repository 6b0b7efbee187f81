import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessLevel } from '../access/access-level.js';
import type { GrantApproval } from '../access/grant.entity.js';
import { expandAreas, GrantsService } from '../access/grants.service.js';
import { actorOf } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { hasPermission, Permission } from '../auth/permission.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { badRequest, conflict, DomainError, forbidden, notFound } from '../common/domain-error.js';
import type { Dataset } from '../datasets/dataset.entity.js';
import { DatasetsRepository } from '../datasets/datasets.repository.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import type { User } from '../users/user.entity.js';
import type { AccessDecision } from './access-decision.entity.js';
import { type AccessRequest, RequestStatus } from './access-request.entity.js';
import { AccessRequestsRepository } from './access-requests.repository.js';
import type { AccessRequestDto, ApproveRequestDto, CreateAccessRequestDto, ListAccessRequestsQueryDto } from './access-requests.dto.js';
import { askedTerms, toRequestDto } from './access-request-dto.js';
import { type ApprovalTerms, isNarrower, type Narrowing, narrowingOf, narrowTerms, termsAfter } from './approval-terms.js';
import type { Agreement } from './agreement.entity.js';
import { AgreementsService, inForce } from './agreements.service.js';
import { awaited, capacitiesOf, checkDecider, type DecisionCheck, isSatisfied, ruleFor } from './approval-rule.js';
import { NotificationKind } from './notification.entity.js';
import { NotificationsService } from './notifications.service.js';

const REFUSALS: Record<Exclude<DecisionCheck, { ok: true }>['reason'], () => DomainError> = {
  own_request: () => forbidden('self_approval', 'You cannot approve or refuse your own request.'),
  not_an_approver: () => forbidden('not_an_approver', "Only the dataset owner's data owner or an IMB member can decide on this request."),
  already_decided: () => conflict('already_decided', 'You have already decided on this request.'),
  capacity_already_given: () => conflict('approval_already_given', 'Approval in your capacity has already been given; the other approver must decide.'),
};

/**
 * The access request workflow: ask, approve or refuse (with notes), withdraw. Approval under the
 * dataset's rule (approval-rule.ts) issues the grant through the access module, ending no later
 * than the agreement it rests on.
 */
@Injectable()
export class AccessRequestsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly requests: AccessRequestsRepository,
    private readonly agreements: AgreementsService,
    private readonly datasets: DatasetsRepository,
    private readonly organisations: OrganisationsService,
    private readonly grants: GrantsService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(caller: AuthUser, dto: CreateAccessRequestDto, address: string | null): Promise<AccessRequestDto> {
    const dataset = await this.datasets.findBySlug(dto.dataset);
    if (!dataset) throw notFound('dataset_not_found', `There is no dataset "${dto.dataset}".`);
    if (dataset.ownerOrganisationId === caller.organisationId) {
      throw badRequest('own_dataset', 'Your organisation owns this dataset: you already have access through it.');
    }
    const agreement = await this.agreements.visible(caller, dto.agreementId);
    const until = new Date(dto.until);
    checkAgainstAgreement(agreement, dataset, caller.organisationId, until, new Date());
    const areas = expandAreas(dto.areas);
    const pending = await this.requests.list({ requesterId: caller.id, datasetIds: [dataset.id], status: RequestStatus.Pending });
    if (pending.length) throw conflict('request_pending', 'You already have a request for this dataset waiting for a decision.');
    const rule = ruleFor(dataset.sensitivity, this.config.governance.approvalRules);
    const users = await this.notifications.directory();

    const request = await this.dataSource.transaction(async (em) => {
      const created = await this.requests.insert(em, {
        requesterId: caller.id,
        requesterOrganisationId: caller.organisationId,
        datasetId: dataset.id,
        agreementId: agreement.id,
        level: dto.level,
        areas,
        purpose: dto.purpose.trim(),
        requestedUntil: until,
        approvalRule: rule,
        status: RequestStatus.Pending,
      });
      await this.audit.record(
        {
          actor: actorOf(caller),
          action: 'access_request.created',
          target: { type: 'access_request', id: created.id },
          details: { datasetId: dataset.id, level: dto.level, areas, agreementId: agreement.id, until: until.toISOString(), approvalRule: rule },
          address,
        },
        em,
      );
      const approvers = this.notifications.approversFor(users, dataset.ownerOrganisationId, awaited(rule, [])).filter((id) => id !== caller.id);
      await this.notifications.send(
        approvers,
        { kind: NotificationKind.ApprovalPending, title: `Access request for ${dataset.title}`, body: `${caller.email} asks for ${dto.level} access: ${dto.purpose.trim()}`, targetType: 'access_request', targetId: created.id, dedupeKey: `request:${created.id}` },
        em,
      );
      return created;
    });
    return (await this.toDtos(caller, [request]))[0];
  }

  /**
   * An ASB case review's case pack request: identifiable access to one partner dataset, for the
   * review's members, under an agreement in force that covers it and names the officer's agency
   * and the dataset's owner. Unlike an analyst's request it may be for the officer's own agency's
   * dataset (the grant serves the other agencies' members). Approved through the ordinary routes.
   */
  async requestForCaseReview(
    caller: AuthUser,
    ask: { caseReviewId: string; reference: string; dataset: Dataset; agreement: Agreement; areas: string[]; until: Date },
    em: EntityManager,
    users: readonly User[],
    address: string | null,
  ): Promise<AccessRequest> {
    const { dataset, agreement } = ask;
    checkAgainstAgreement(agreement, dataset, caller.organisationId, ask.until, new Date());
    const rule = ruleFor(dataset.sensitivity, this.config.governance.approvalRules);
    const purpose = `ASB case review ${ask.reference}: time-limited case pack of the applicant's and the location's records`;
    const created = await this.requests.insert(em, {
      requesterId: caller.id,
      requesterOrganisationId: caller.organisationId,
      datasetId: dataset.id,
      agreementId: agreement.id,
      level: AccessLevel.Identifiable,
      areas: ask.areas,
      purpose,
      requestedUntil: ask.until,
      approvalRule: rule,
      status: RequestStatus.Pending,
      caseReviewId: ask.caseReviewId,
    });
    await this.audit.record(
      {
        actor: actorOf(caller),
        action: 'access_request.created',
        target: { type: 'access_request', id: created.id },
        details: { datasetId: dataset.id, level: AccessLevel.Identifiable, areas: ask.areas, agreementId: agreement.id, until: ask.until.toISOString(), approvalRule: rule, caseReviewId: ask.caseReviewId },
        address,
      },
      em,
    );
    const approvers = this.notifications.approversFor(users, dataset.ownerOrganisationId, awaited(rule, [])).filter((id) => id !== caller.id);
    await this.notifications.send(
      approvers,
      { kind: NotificationKind.ApprovalPending, title: `Case pack request for ${dataset.title}`, body: `${caller.email} asks for ${purpose}.`, targetType: 'access_request', targetId: created.id, dedupeKey: `request:${created.id}` },
      em,
    );
    return created;
  }

  /** An ASB case review's case pack requests, newest first. */
  forCaseReview(caseReviewId: string, em?: EntityManager): Promise<AccessRequest[]> {
    return this.requests.list({ caseReviewId }, em);
  }

  /** When a review closes, its pending case pack requests are withdrawn (nobody needs to decide them now). */
  async withdrawForCaseReview(em: EntityManager, caseReviewId: string, actor: AuthUser, address: string | null): Promise<number> {
    const pending = await this.requests.list({ caseReviewId, status: RequestStatus.Pending }, em);
    for (const request of pending) {
      await this.requests.update(em, request.id, { status: RequestStatus.Withdrawn, decidedAt: new Date() });
      await this.notifications.settleApprovalNotices(em, request.id);
      await this.audit.record({ actor: actorOf(actor), action: 'access_request.withdrawn', target: { type: 'access_request', id: request.id }, details: { datasetId: request.datasetId, caseReviewId, reason: 'case review closed' }, address }, em);
    }
    return pending.length;
  }

  async list(caller: AuthUser, query: ListAccessRequestsQueryDto): Promise<AccessRequestDto[]> {
    const scope = query.scope ?? 'mine';
    if (scope === 'mine') return this.toDtos(caller, await this.requests.list({ requesterId: caller.id, status: query.status }));
    const datasetIds = await this.decidableDatasetIds(caller);
    const status = scope === 'to_decide' ? RequestStatus.Pending : query.status;
    const list = await this.requests.list({ datasetIds: datasetIds ?? undefined, status });
    const dtos = await this.toDtos(caller, list);
    return scope === 'to_decide' ? dtos.filter((d) => d.canDecide) : dtos;
  }

  /** How many pending requests the caller may decide now. */
  async countToDecide(caller: AuthUser): Promise<number> {
    const datasetIds = await this.decidableDatasetIds(caller);
    const pending = await this.requests.list({ datasetIds: datasetIds ?? undefined, status: RequestStatus.Pending });
    if (!pending.length) return 0;
    const owners = new Map((await this.datasets.list()).map((d) => [d.id, d.ownerOrganisationId]));
    const decisions = await this.requests.decisionsFor(pending.map((r) => r.id));
    return pending.filter(
      (r) => checkDecider({ user: caller, requesterId: r.requesterId, ownerOrganisationId: owners.get(r.datasetId) ?? '', rule: r.approvalRule, decisions: decisions.filter((d) => d.requestId === r.id) }).ok,
    ).length;
  }

  /** What the caller's capacity has decided: requests they may see as a decider, once settled, newest first. */
  async decided(caller: AuthUser, limit = 50): Promise<AccessRequestDto[]> {
    const datasetIds = await this.decidableDatasetIds(caller);
    const settled = (await this.requests.list({ datasetIds: datasetIds ?? undefined }))
      .filter((r) => r.status !== RequestStatus.Pending && r.decidedAt)
      .sort((a, b) => b.decidedAt!.getTime() - a.decidedAt!.getTime())
      .slice(0, limit);
    return this.toDtos(caller, settled);
  }

  async get(caller: AuthUser, id: string): Promise<AccessRequestDto> {
    const request = await this.requests.findById(id);
    if (!request) throw notFound('access_request_not_found', 'There is no such access request.');
    const datasetIds = await this.decidableDatasetIds(caller);
    const visible = request.requesterId === caller.id || datasetIds === null || datasetIds.includes(request.datasetId);
    if (!visible) throw notFound('access_request_not_found', 'There is no such access request.');
    return (await this.toDtos(caller, [request]))[0];
  }

  /** Approves as asked, or narrower (lower level, fewer areas, earlier end); never wider. */
  approve(caller: AuthUser, id: string, dto: ApproveRequestDto, address: string | null): Promise<AccessRequestDto> {
    const narrowing: Narrowing = { level: dto.level, areas: dto.areas, until: dto.until ? new Date(dto.until) : undefined };
    return this.decide(caller, id, 'approved', dto.note, address, narrowing);
  }

  refuse(caller: AuthUser, id: string, note: string, address: string | null): Promise<AccessRequestDto> {
    return this.decide(caller, id, 'refused', note, address);
  }

  async withdraw(caller: AuthUser, id: string, address: string | null): Promise<AccessRequestDto> {
    await this.dataSource.transaction(async (em) => {
      const request = await this.requests.findForUpdate(em, id);
      if (!request || request.requesterId !== caller.id) throw notFound('access_request_not_found', 'There is no such access request of yours.');
      if (request.status !== RequestStatus.Pending) throw conflict('request_not_pending', 'Only a request waiting for a decision can be withdrawn.');
      await this.requests.update(em, id, { status: RequestStatus.Withdrawn, decidedAt: new Date() });
      await this.notifications.settleApprovalNotices(em, id);
      await this.audit.record({ actor: actorOf(caller), action: 'access_request.withdrawn', target: { type: 'access_request', id }, details: { datasetId: request.datasetId }, address }, em);
    });
    return this.get(caller, id);
  }

  private async decide(caller: AuthUser, id: string, outcome: 'approved' | 'refused', note: string, address: string | null, narrowing: Narrowing = {}): Promise<AccessRequestDto> {
    const now = new Date();
    const issued = await this.dataSource.transaction(async (em) => {
      const request = await this.requests.findForUpdate(em, id);
      if (!request) throw notFound('access_request_not_found', 'There is no such access request.');
      const dataset = (await this.datasets.findById(request.datasetId, em))!;
      const decisions = await this.requests.decisionsFor([id], em);
      const check = checkDecider({ user: caller, requesterId: request.requesterId, ownerOrganisationId: dataset.ownerOrganisationId, rule: request.approvalRule, decisions });
      if (!check.ok) throw REFUSALS[check.reason]();
      if (request.status !== RequestStatus.Pending) throw conflict('request_not_pending', `This request has already been ${request.status}.`);

      const given = outcome === 'approved' ? this.termsGiven(request, decisions, narrowing, now) : null;
      const decision = await this.requests.insertDecision(em, {
        requestId: id,
        deciderId: caller.id,
        deciderEmail: caller.email,
        capacity: check.capacity,
        outcome,
        note: note.trim(),
        decidedAt: now,
        ...(given?.stored ?? {}),
      });
      const partial = given && isNarrower(askedTerms(request), given.terms) ? { granted: { level: given.terms.level, areas: given.terms.areas, until: given.terms.until.toISOString() } } : {};
      await this.audit.record(
        { actor: actorOf(caller), action: `access_request.${outcome}`, target: { type: 'access_request', id }, details: { datasetId: dataset.id, capacity: check.capacity, note: note.trim(), ...partial }, address },
        em,
      );
      const all = [...decisions, decision];
      const approvedBy = all.filter((d) => d.outcome === 'approved').map((d) => d.capacity);
      if (outcome === 'refused') {
        await this.requests.update(em, id, { status: RequestStatus.Refused, decidedAt: now });
        await this.notifications.settleApprovalNotices(em, id);
        await this.tellRequester(em, request, dataset, 'Your access request was refused', note);
        return false;
      }
      if (!isSatisfied(request.approvalRule, approvedBy)) {
        await this.tellRequester(em, request, dataset, 'Your access request has one approval and awaits another', note);
        return false;
      }
      await this.issueGrant(em, { caller, request, dataset, decisions: all, now, address, note: note.trim() });
      return true;
    });
    if (issued) this.grants.changed();
    return this.get(caller, id);
  }

  /**
   * The terms this approval gives: the terms on the table (the ask, narrowed by earlier approvals)
   * narrowed again by this approver, never widened (400 beyond_request naming each problem). Only
   * what this approval changes is stored.
   */
  private termsGiven(request: AccessRequest, earlier: AccessDecision[], narrowing: Narrowing, now: Date): { terms: ApprovalTerms; stored: Partial<AccessDecision> } {
    const current = termsAfter(askedTerms(request), earlier.filter((d) => d.outcome === 'approved').map(narrowingOf));
    const check = narrowTerms(current, narrowing, now);
    if (!check.ok) throw badRequest('beyond_request', `${check.problems.join('; ')}.`);
    const t = check.terms;
    return {
      terms: t,
      stored: {
        grantedLevel: t.level !== current.level ? t.level : null,
        grantedAreas: t.areas.join() !== current.areas.join() ? t.areas : null,
        grantedUntil: t.until.getTime() !== current.until.getTime() ? t.until : null,
      },
    };
  }

  /** The final approval: re-checks the agreement, then issues the grant through the access module. */
  private async issueGrant(
    em: EntityManager,
    ctx: { caller: AuthUser; request: AccessRequest; dataset: Dataset; decisions: AccessDecision[]; now: Date; address: string | null; note: string },
  ): Promise<void> {
    const { caller, request, dataset, now } = ctx;
    const asked = askedTerms(request);
    const terms = termsAfter(asked, ctx.decisions.filter((d) => d.outcome === 'approved').map(narrowingOf));
    const agreement = await this.agreements.lockForGrant(em, request.agreementId);
    if (!agreement) throw conflict('agreement_missing', 'The agreement this request rests on no longer exists.');
    // The agreement may have been shortened since the request: the grant then ends with it.
    const shortened = terms.until > agreement.endsAt;
    const endsAt = shortened ? agreement.endsAt : terms.until;
    checkAgainstAgreement(agreement, dataset, request.requesterOrganisationId, endsAt, now, 'agreement_changed');
    const approvals: GrantApproval[] = ctx.decisions
      .filter((d) => d.outcome === 'approved')
      .map((d) => ({ userId: d.deciderId, email: d.deciderEmail, at: d.decidedAt.toISOString(), note: d.note }));
    const grant = await this.grants.issue(
      em,
      {
        datasetId: request.datasetId,
        // A case pack grant serves the review's members, not the officer who asked for it.
        granteeOrganisationId: request.caseReviewId ? null : request.requesterOrganisationId,
        granteeUserId: request.caseReviewId ? null : request.requesterId,
        caseReviewId: request.caseReviewId,
        level: terms.level,
        areas: terms.areas,
        purpose: request.purpose,
        startsAt: now,
        endsAt,
        createdBy: caller.id,
        approvals,
        agreementId: agreement.id,
      },
      actorOf(caller),
      ctx.address,
    );
    await this.requests.update(em, request.id, { status: RequestStatus.Approved, decidedAt: now, grantId: grant.id });
    await this.notifications.settleApprovalNotices(em, request.id);
    const until = `Access until ${endsAt.toISOString().slice(0, 10)}`;
    const ended = shortened ? `${until}, when its agreement now ends.` : `${until}.`;
    if (isNarrower(asked, terms)) {
      const body = `Approved in part: ${terms.level} access to ${terms.areas.length === asked.areas.length ? 'the areas asked for' : terms.areas.join(', ')}. ${ended} ${ctx.note}`;
      await this.tellRequester(em, request, dataset, 'Your access request was approved in part', body);
      return;
    }
    await this.tellRequester(em, request, dataset, 'Your access request was approved', ended);
  }

  private async tellRequester(em: EntityManager, request: AccessRequest, dataset: Dataset, title: string, body: string): Promise<void> {
    await this.notifications.send(
      [request.requesterId],
      { kind: NotificationKind.RequestDecided, title: `${title}: ${dataset.title}`, body, targetType: 'access_request', targetId: request.id, dedupeKey: null },
      em,
    );
  }

  /** Datasets whose requests the caller may see and decide: null for every dataset (IMB, reviewers). */
  private async decidableDatasetIds(caller: AuthUser): Promise<string[] | null> {
    if (hasPermission(caller.roles, Permission.AccessReview) || capacitiesOf(caller, '').includes('imb')) return null;
    if (!hasPermission(caller.roles, Permission.AccessApprove)) return [];
    return (await this.datasets.list()).filter((d) => capacitiesOf(caller, d.ownerOrganisationId).length > 0).map((d) => d.id);
  }

  private async toDtos(caller: AuthUser, list: AccessRequest[]): Promise<AccessRequestDto[]> {
    if (list.length === 0) return [];
    const datasets = new Map((await this.datasets.list()).map((d) => [d.id, d]));
    const orgs = await this.organisations.byIds([...list.map((r) => r.requesterOrganisationId), ...[...datasets.values()].map((d) => d.ownerOrganisationId)]);
    const users = new Map((await this.notifications.directory()).map((u: User) => [u.id, u]));
    const agreements = new Map((await this.agreements.byIds(list.map((r) => r.agreementId))).map((a) => [a.id, a]));
    const decisions = await this.requests.decisionsFor(list.map((r) => r.id));
    return list.map((r) => toRequestDto(r, { caller, datasets, organisations: orgs, users, agreements, decisions: decisions.filter((d) => d.requestId === r.id) }));
  }
}

/**
 * The agreement must be in force, cover the dataset, have both organisations as parties, and
 * last at least as long as the access asked for: a grant never outlives its agreement.
 */
export function checkAgainstAgreement(a: Agreement, dataset: Dataset, requesterOrganisationId: string, until: Date, now: Date, code = 'agreement_mismatch'): void {
  const fail = (message: string) => (code === 'agreement_mismatch' ? badRequest(code, message) : conflict(code, message));
  if (!inForce(a, now)) throw fail('The agreement is not in force: it must be active and within its dates.');
  if (!a.datasetIds.includes(dataset.id)) throw fail('The agreement does not cover this dataset.');
  if (!a.partyOrganisationIds.includes(requesterOrganisationId)) throw fail('Your organisation is not a party to the agreement.');
  if (!a.partyOrganisationIds.includes(dataset.ownerOrganisationId)) throw fail("The dataset's owner is not a party to the agreement.");
  if (until <= now) throw badRequest('until_in_past', 'The end date must be in the future.');
  if (until > a.endsAt) {
    throw badRequest('beyond_agreement', `Access cannot last past the end of its agreement on ${a.endsAt.toISOString().slice(0, 10)}.`);
  }
}
