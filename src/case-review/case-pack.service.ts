import { Injectable } from '@nestjs/common';
import { casePackAccess } from '../access/access-policy.js';
import { AccessService } from '../access/access.service.js';
import { GrantsService } from '../access/grants.service.js';
import { caseRowsSql, columnNamesOf } from '../analytics/analytics-sql.js';
import { AnalyticsRepository } from '../analytics/analytics.repository.js';
import { actorOf } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { forbidden } from '../common/domain-error.js';
import { DatasetsRepository } from '../datasets/datasets.repository.js';
import { AccessRequestsService } from '../governance/access-requests.service.js';
import { CaseAccess } from './case-access.js';
import { CaseStatus } from './case-review.entity.js';
import { CaseReviewViews } from './case-review-views.js';

/** Rows of one dataset in a case pack at most. */
const PACK_ROW_LIMIT = 500;

const REFUSALS = {
  not_a_member: () => forbidden('not_a_member', "Only the review's members see its case pack. Ask the chair to add your agency, then join the review."),
  review_closed: () => forbidden('review_closed', 'The review has closed, and its case pack with it.'),
};

/**
 * The case pack: for a review's members only, each partner's identifiable records of the applicant
 * and the location, from datasets whose owner approved the case pack request (a live grant
 * marked with this review). Every view, and every refusal, is audited.
 */
@Injectable()
export class CasePackService {
  constructor(
    private readonly access: CaseAccess,
    private readonly grants: GrantsService,
    private readonly grantUse: AccessService,
    private readonly requests: AccessRequestsService,
    private readonly datasets: DatasetsRepository,
    private readonly analytics: AnalyticsRepository,
    private readonly views: CaseReviewViews,
    private readonly audit: AuditService,
  ) {}

  async pack(caller: AuthUser, id: string, address: string | null) {
    // Anyone asking is told plainly and audited (not a bare 404): refusals are part of the record.
    const c = await this.access.load(caller, id, undefined, false, false);
    const now = new Date();
    const review = { id, open: c.review.status === CaseStatus.ReviewOpen || c.review.status === CaseStatus.ReviewHeld, members: c.members };
    const policyCaller = { id: caller.id, organisationId: caller.organisationId, roles: caller.roles };
    const gate = !c.member ? 'not_a_member' : !review.open ? 'review_closed' : null;
    if (gate) {
      await this.audit.record({ actor: actorOf(caller), action: 'case_review.pack_refused', target: { type: 'case_review', id }, details: { reason: gate, reference: c.review.reference }, address });
      throw REFUSALS[gate]();
    }
    const grants = (await this.grants.find({ caseReviewId: id })).filter((g) => casePackAccess({ caller: policyCaller, review, grant: g, now }).allowed);
    const all = new Map((await this.datasets.list()).map((d) => [d.id, d]));
    const partners = await this.views.organisationNames([...all.values()].map((d) => d.ownerOrganisationId));
    const keys = { subject: c.review.subjectKey, place: c.review.placeKey };
    const datasets = [];
    for (const grant of grants) {
      const d = all.get(grant.datasetId);
      if (!d || !(await this.analytics.tableExists(d.duckdbTable))) continue;
      const columns = d.columns.filter((col) => !col.name.startsWith('_'));
      const source = { table: d.duckdbTable, slug: d.slug, partner: d.ownerOrganisationId, areas: { all: false as const, codes: grant.areas, unplaced: false }, columnNames: columnNamesOf(d.columns) };
      const sql = caseRowsSql(source, columns, keys, PACK_ROW_LIMIT);
      const rows = sql ? await this.analytics.rows(sql) : [];
      datasets.push({ slug: d.slug, title: d.title, partner: partners.get(d.ownerOrganisationId) ?? null, until: grant.endsAt.toISOString(), columns: columns.map((col) => ({ name: col.name, label: col.label, personal: col.personal })), rows });
    }
    const requests = await this.requests.forCaseReview(id);
    const pending = requests.filter((r) => r.status === 'pending').map((r) => ({ requestId: r.id, dataset: all.get(r.datasetId)?.slug ?? '', partner: partners.get(all.get(r.datasetId)?.ownerOrganisationId ?? '') ?? null }));
    await this.audit.record({
      actor: actorOf(caller),
      action: 'case_review.pack_viewed',
      target: { type: 'case_review', id },
      details: { reference: c.review.reference, datasets: datasets.map((d) => ({ slug: d.slug, level: 'identifiable', rows: d.rows.length })), grantIds: grants.map((g) => g.id) },
      address,
    });
    this.grantUse.noteUse(grants.map((g) => g.id));
    return { reference: c.review.reference, datasets, pending };
  }
}
