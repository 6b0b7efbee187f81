import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { hasPermission, Permission } from '../auth/permission.js';
import { forbidden, notFound } from '../common/domain-error.js';
import type { CaseReviewMember } from './case-review-member.entity.js';
import type { CaseReview } from './case-review.entity.js';
import { CaseReviewsRepository } from './case-reviews.repository.js';

/** A case with its members and the caller's part in it. */
export interface LoadedCase {
  review: CaseReview;
  members: CaseReviewMember[];
  /** The caller is a member, still in the agency they joined for. */
  member: boolean;
  chair: boolean;
}

const NOT_FOUND = () => notFound('case_review_not_found', 'There is no such ASB case review that you can see.');

/**
 * Who may see and change a case (the row-level rule of this module): CSP officers see every
 * case without personal details; a case's members see it with them; a user whose agency the
 * review names may see it to join; the chair (a member holding `case_reviews.manage`) runs it.
 */
@Injectable()
export class CaseAccess {
  constructor(private readonly cases: CaseReviewsRepository) {}

  async load(caller: AuthUser, id: string, em?: EntityManager, lock = false, mustSee = true): Promise<LoadedCase> {
    const review = lock && em ? await this.cases.findForUpdate(em, id) : await this.cases.findById(id, em);
    if (!review) throw NOT_FOUND();
    const members = await this.cases.membersOf([id], em);
    const loaded = of(caller, review, members);
    if (mustSee && !canSee(caller, loaded)) throw NOT_FOUND();
    return loaded;
  }

  /** As {@link load}, and the caller must be the review's chair. */
  async loadAsChair(caller: AuthUser, id: string, em: EntityManager): Promise<LoadedCase> {
    const loaded = await this.load(caller, id, em, true);
    if (!loaded.chair) throw forbidden('chair_only', "Only the review's chair can do this.");
    return loaded;
  }

  /** As {@link load}, for a CSP officer (before the review, any officer may act on the case). */
  async loadAsOfficer(caller: AuthUser, id: string, em: EntityManager): Promise<LoadedCase> {
    const loaded = await this.load(caller, id, em, true);
    if (!hasPermission(caller.roles, Permission.CaseReviewsManage)) throw forbidden('officer_only', 'Only a CSP officer can do this.');
    return loaded;
  }
}

export function of(caller: AuthUser, review: CaseReview, members: CaseReviewMember[]): LoadedCase {
  const mine = members.find((m) => m.userId === caller.id && m.organisationId === caller.organisationId);
  const member = !!mine && hasPermission(caller.roles, Permission.CaseReviewsTakePart);
  return { review, members, member, chair: member && mine!.role === 'chair' && hasPermission(caller.roles, Permission.CaseReviewsManage) };
}

export function canSee(caller: AuthUser, c: LoadedCase): boolean {
  return hasPermission(caller.roles, Permission.CaseReviewsManage) || c.member || (hasPermission(caller.roles, Permission.CaseReviewsTakePart) && c.review.agencyIds.includes(caller.organisationId));
}
