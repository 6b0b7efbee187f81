import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { hasPermission, Permission } from '../auth/permission.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { canSee, type LoadedCase, of } from './case-access.js';
import { todayInEngland } from './case-calendar.js';
import { type CaseSummary, type OrgNames, type PersonalDetails, toDetail, toSummary } from './case-review-view.js';
import { CaseReviewsRepository } from './case-reviews.repository.js';

/** Turns cases into what the API answers, with agency and people names. */
@Injectable()
export class CaseReviewViews {
  constructor(
    private readonly cases: CaseReviewsRepository,
    private readonly organisations: OrganisationsService,
    private readonly users: UsersRepository,
  ) {}

  async list(caller: AuthUser): Promise<CaseSummary[]> {
    const officer = hasPermission(caller.roles, Permission.CaseReviewsManage);
    const all = await this.cases.list();
    const members = await this.cases.membersOf(all.map((c) => c.id));
    const loaded = all.map((r) => of(caller, r, members.filter((m) => m.caseReviewId === r.id))).filter((c) => officer || canSee(caller, c));
    const orgs = await this.organisationNames(loaded.flatMap((c) => c.review.agencyIds));
    const today = todayInEngland();
    return loaded.map((c) => toSummary(c, orgs, today));
  }

  async detail(c: LoadedCase, personal: PersonalDetails | null) {
    const items = await this.cases.itemsOf([c.review.id]);
    const orgs = await this.organisationNames([...c.review.agencyIds, ...c.members.map((m) => m.organisationId), ...items.flatMap((i) => (i.ownerOrganisationId ? [i.ownerOrganisationId] : []))]);
    const people = new Map((await this.users.list()).map((u) => [u.id, u.displayName]));
    return toDetail(c, orgs, people, items, personal, todayInEngland());
  }

  async organisationNames(ids: string[]): Promise<OrgNames> {
    const orgs = await this.organisations.byIds([...new Set(ids)]);
    return new Map([...orgs].map(([id, o]) => [id, { slug: o.slug, name: o.name }]));
  }
}
