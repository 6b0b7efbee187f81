import type { Dataset } from '../datasets/dataset.entity.js';
import type { Organisation } from '../organisations/organisation.entity.js';
import type { User } from '../users/user.entity.js';
import type { AuthUser } from '../auth/auth-user.js';
import { hasPermission, Permission } from '../auth/permission.js';
import type { AccessDecision } from './access-decision.entity.js';
import { type AccessRequest, RequestStatus } from './access-request.entity.js';
import type { AccessRequestDto } from './access-requests.dto.js';
import type { Agreement } from './agreement.entity.js';
import { type ApprovalTerms, isNarrower, narrowingOf, termsAfter } from './approval-terms.js';
import { awaited, checkDecider } from './approval-rule.js';

/** What the request asked for, as approval terms. */
export function askedTerms(r: Pick<AccessRequest, 'level' | 'areas' | 'requestedUntil'>): ApprovalTerms {
  return { level: r.level, areas: r.areas, until: r.requestedUntil };
}

/** What one request reads as, for this caller: names for people, its decisions and the terms they gave, whether the caller may decide it now. */
export function toRequestDto(
  r: AccessRequest,
  ctx: {
    caller: AuthUser;
    datasets: ReadonlyMap<string, Dataset>;
    organisations: ReadonlyMap<string, Organisation>;
    users: ReadonlyMap<string, User>;
    agreements: ReadonlyMap<string, Agreement>;
    /** This request's decisions, oldest first. */
    decisions: AccessDecision[];
  },
): AccessRequestDto {
  const { caller, users, agreements, decisions: mine } = ctx;
  const orgs = ctx.organisations;
  const dataset = ctx.datasets.get(r.datasetId);
  const approvals = mine.filter((d) => d.outcome === 'approved');
  const approvedBy = approvals.map((d) => d.capacity);
  const terms = approvals.length ? termsAfter(askedTerms(r), approvals.map(narrowingOf)) : null;
  const check = checkDecider({ user: caller, requesterId: r.requesterId, ownerOrganisationId: dataset?.ownerOrganisationId ?? '', rule: r.approvalRule, decisions: mine });
  return {
    id: r.id,
    requesterId: r.requesterId,
    requesterEmail: users.get(r.requesterId)?.email ?? '',
    requesterName: users.get(r.requesterId)?.displayName ?? '',
    requesterOrganisation: orgs.get(r.requesterOrganisationId)?.slug ?? '',
    requesterOrganisationName: orgs.get(r.requesterOrganisationId)?.name ?? '',
    dataset: dataset?.slug ?? '',
    datasetTitle: dataset?.title ?? '',
    datasetOwnerName: (dataset && orgs.get(dataset.ownerOrganisationId)?.name) ?? '',
    sensitivity: dataset?.sensitivity ?? '',
    level: r.level,
    areas: r.areas,
    purpose: r.purpose,
    agreementId: r.agreementId,
    agreementTitle: agreements.get(r.agreementId)?.title ?? '',
    until: r.requestedUntil.toISOString(),
    approvalRule: r.approvalRule,
    awaiting: r.status === RequestStatus.Pending ? awaited(r.approvalRule, approvedBy) : [],
    status: r.status,
    decisions: mine.map((d) => ({
      deciderId: d.deciderId,
      deciderEmail: d.deciderEmail,
      capacity: d.capacity,
      outcome: d.outcome,
      note: d.note,
      decidedAt: d.decidedAt.toISOString(),
      grantedLevel: d.grantedLevel,
      grantedAreas: d.grantedAreas,
      grantedUntil: d.grantedUntil?.toISOString() ?? null,
    })),
    grantId: r.grantId,
    canDecide: r.status === RequestStatus.Pending && hasPermission(caller.roles, Permission.AccessApprove) && check.ok,
    caseReviewId: r.caseReviewId,
    createdAt: r.createdAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
    granted: terms && { level: terms.level, areas: terms.areas, until: terms.until.toISOString(), partial: isNarrower(askedTerms(r), terms) },
  };
}
