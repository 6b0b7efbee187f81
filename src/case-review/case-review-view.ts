import type { CaseReviewItem } from './case-review-item.entity.js';
import type { LoadedCase } from './case-access.js';
import { CALENDAR } from './case-calendar.js';
import { deadlinesOf, openSteps, type StepDeadline } from './case-deadlines.js';
import type { CaseReview } from './case-review.entity.js';
import type { CreateApplicationDto } from './case-review.dto.js';

/** What is sealed: everything that identifies the applicant or the people involved. */
export type PersonalDetails = Pick<CreateApplicationDto, 'applicant' | 'onBehalfOf' | 'location' | 'incidents' | 'contact'>;

export type OrgNames = ReadonlyMap<string, { slug: string; name: string }>;

/** A case as lists show it: no personal data. */
export interface CaseSummary {
  id: string;
  reference: string;
  districtCode: string;
  status: string;
  channel: string;
  receivedOn: string;
  onBehalf: boolean;
  hateIncident: boolean;
  vulnerableVictim: boolean;
  decision: string | null;
  agencies: { slug: string; name: string }[];
  /** The next open step and whether any step is overdue. */
  next: StepDeadline | null;
  overdue: boolean;
  member: boolean;
  chair: boolean;
}

export function toSummary(c: LoadedCase, orgs: OrgNames, today: string): CaseSummary {
  const r = c.review;
  const open = openSteps(r, today, CALENDAR);
  return {
    id: r.id,
    reference: r.reference,
    districtCode: r.districtCode,
    status: r.status,
    channel: r.channel,
    receivedOn: r.receivedOn,
    onBehalf: r.onBehalf,
    hateIncident: r.hateIncident,
    vulnerableVictim: r.vulnerableVictim,
    decision: r.decision,
    agencies: r.agencyIds.map((id) => orgs.get(id) ?? { slug: '', name: 'Unknown agency' }),
    next: open[0] ?? null,
    overdue: open.some((d) => d.overdue),
    member: c.member,
    chair: c.chair,
  };
}

/** A case in full for someone who may see it; `personal` only for members. */
export function toDetail(c: LoadedCase, orgs: OrgNames, people: ReadonlyMap<string, string>, items: CaseReviewItem[], personal: PersonalDetails | null, today: string) {
  const r: CaseReview = c.review;
  return {
    ...toSummary(c, orgs, today),
    deadlines: deadlinesOf(r, today, CALENDAR),
    personal,
    thresholdCheck: r.thresholdCheck,
    decisionReasons: r.decisionReasons,
    decidedBy: r.decidedBy ? (people.get(r.decidedBy) ?? null) : null,
    decidedOn: r.decidedOn,
    applicantToldOn: r.applicantToldOn,
    reviewHeldOn: r.reviewHeldOn,
    outcome: r.outcome,
    respondedOn: r.respondedOn,
    closedAt: r.closedAt?.toISOString() ?? null,
    appeal: { requestedOn: r.appealRequestedOn, outcome: r.appealOutcome, decidedOn: r.appealDecidedOn },
    members: c.members.map((m) => ({ userId: m.userId, name: people.get(m.userId) ?? '', agency: orgs.get(m.organisationId) ?? null, role: m.role, addedAt: m.addedAt.toISOString() })),
    items: items.map((i) => ({ id: i.id, kind: i.kind, text: i.text, owner: i.ownerOrganisationId ? (orgs.get(i.ownerOrganisationId) ?? null) : null, dueOn: i.dueOn, doneOn: i.doneOn, overdue: !i.doneOn && !!i.dueOn && today > i.dueOn })),
  };
}

export type CaseDetail = ReturnType<typeof toDetail>;
