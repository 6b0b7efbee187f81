import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { mayCheckThreshold } from '../access/access-policy.js';
import { caseReportsSql, columnNamesOf, type AnalyticsSource } from '../analytics/analytics-sql.js';
import { AnalyticsRepository } from '../analytics/analytics.repository.js';
import { MatchKeysProvider } from '../analytics/match-keys.provider.js';
import { actorOf } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { badRequest, conflict, forbidden } from '../common/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DatasetsRepository } from '../datasets/datasets.repository.js';
import { areaByCode } from '../../domain/areas.reference.js';
import { CaseAccess } from './case-access.js';
import { CALENDAR, todayInEngland } from './case-calendar.js';
import { CaseReviewViews } from './case-review-views.js';
import { CaseStatus, type StoredThresholdCheck } from './case-review.entity.js';
import type { CreateApplicationDto, ThresholdDecisionDto } from './case-review.dto.js';
import { CaseReviewsRepository } from './case-reviews.repository.js';
import type { PersonalDetails } from './case-review-view.js';
import { PersonalDetailsCipher } from './personal-details.cipher.js';
import { assessThreshold, type MatchedReport, ruleFor } from './threshold-rule.js';

/**
 * Applications and the threshold: record an application (personal details sealed once), check
 * the threshold against every partner's keyed data, decide with reasons, record when the
 * applicant was told.
 */
@Injectable()
export class CaseApplicationsService {
  private readonly cipher: PersonalDetailsCipher;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cases: CaseReviewsRepository,
    private readonly access: CaseAccess,
    private readonly views: CaseReviewViews,
    private readonly keys: MatchKeysProvider,
    private readonly datasets: DatasetsRepository,
    private readonly analytics: AnalyticsRepository,
    private readonly audit: AuditService,
  ) {
    this.cipher = new PersonalDetailsCipher(config.caseReview.key);
  }

  async record(caller: AuthUser, dto: CreateApplicationDto, address: string | null) {
    const today = todayInEngland();
    if (!areaByCode(dto.districtCode)) throw badRequest('area_unknown', `${dto.districtCode} is not a Hampshire or Isle of Wight area.`);
    const dates = [dto.receivedOn, ...dto.incidents.map((i) => i.date), ...(dto.applicant.dateOfBirth ? [dto.applicant.dateOfBirth] : [])];
    if (dates.some((d) => Number.isNaN(Date.parse(`${d}T00:00:00Z`)) || d > today)) throw badRequest('date_invalid', 'Dates must be real dates, not in the future.');
    const personal: PersonalDetails = { applicant: dto.applicant, onBehalfOf: dto.onBehalfOf, location: dto.location, incidents: dto.incidents, contact: dto.contact };
    const subjectKey = dto.applicant.dateOfBirth ? this.keys.keyer.subjectKey({ fullName: dto.applicant.name, dateOfBirth: dto.applicant.dateOfBirth }) : null;
    const placeKey = this.keys.keyer.placeKey({ address: dto.location.address, postcode: dto.location.postcode ?? null });
    const id = await this.dataSource.transaction(async (em) => {
      const reference = await this.cases.nextReference(em, Number(dto.receivedOn.slice(0, 4)));
      const created = await this.cases.insert(em, {
        reference,
        districtCode: dto.districtCode,
        status: CaseStatus.Received,
        channel: dto.channel,
        receivedOn: dto.receivedOn,
        onBehalf: !!dto.onBehalfOf,
        hateIncident: dto.hateIncident,
        vulnerableVictim: dto.vulnerableVictim,
        subjectKey,
        placeKey,
        personalDetails: 'pending',
        recordedBy: caller.id,
        organisationId: caller.organisationId,
        decideBy: CALENDAR.addWorkingDays(dto.receivedOn, this.config.caseReview.workingDays.decide),
      });
      // Sealed with the case id bound in, so the value cannot be moved onto another case.
      await this.cases.update(em, created.id, { personalDetails: this.cipher.seal(created.id, personal) });
      await this.cases.addMember(em, { caseReviewId: created.id, userId: caller.id, organisationId: caller.organisationId, role: 'chair' });
      await this.audit.record(
        { actor: actorOf(caller), action: 'case_review.application_recorded', target: { type: 'case_review', id: created.id }, details: { reference, districtCode: dto.districtCode, channel: dto.channel, keys: { subject: !!subjectKey, place: !!placeKey } }, address },
        em,
      );
      return created.id;
    });
    return this.get(caller, id, address);
  }

  /** Cases the caller may see, without personal details. */
  list(caller: AuthUser) {
    return this.views.list(caller);
  }

  /** One case; its members also see the personal details (opened and audited). */
  async get(caller: AuthUser, id: string, address: string | null) {
    const loaded = await this.access.load(caller, id);
    let personal: PersonalDetails | null = null;
    if (loaded.member) {
      personal = this.cipher.open<PersonalDetails>(loaded.review.id, loaded.review.personalDetails);
      await this.audit.record({ actor: actorOf(caller), action: 'case_review.personal_details_viewed', target: { type: 'case_review', id }, details: { reference: loaded.review.reference }, address });
    }
    return this.views.detail(loaded, personal);
  }

  /** Counts the applicant's and the location's reports in every partner's keyed dataset, under the local rule. */
  async checkThreshold(caller: AuthUser, id: string, address: string | null) {
    if (!mayCheckThreshold(caller)) throw forbidden('officer_only', 'Only a CSP officer can check the threshold.');
    const loaded = await this.access.load(caller, id);
    const r = loaded.review;
    if (r.status !== CaseStatus.Received) throw conflict('threshold_decided', 'The threshold has already been decided for this case.');
    const sources = await this.keyedSources();
    const rows = r.subjectKey || r.placeKey
      ? await this.analytics.rows<{ incident_date: string; reported_date: string; partner: string; dataset: string; district_code: string | null; category: string | null; matched_by: MatchedReport['matchedBy'] }>(
          caseReportsSql(sources, { subject: r.subjectKey, place: r.placeKey }),
        )
      : [];
    const reports: MatchedReport[] = rows.map((x) => ({ incidentDate: x.incident_date, reportedDate: x.reported_date, partnerId: x.partner, dataset: x.dataset, districtCode: x.district_code, category: x.category, matchedBy: x.matched_by }));
    const hate = r.hateIncident || reports.some((x) => /hate/i.test(x.category ?? ''));
    const outcome = assessThreshold(reports, ruleFor(this.config.caseReview.thresholds, r.districtCode, { hateIncident: hate, vulnerableVictim: r.vulnerableVictim }));
    const partners = await this.views.organisationNames(reports.map((x) => x.partnerId));
    const check: StoredThresholdCheck = { ...outcome, checkedAt: new Date().toISOString(), partners: Object.fromEntries([...partners].map(([k, v]) => [k, v.name])), datasetsSearched: sources.map((s) => s.slug) };
    await this.dataSource.transaction(async (em) => {
      await this.cases.update(em, id, { thresholdCheck: check });
      await this.audit.record(
        { actor: actorOf(caller), action: 'case_review.threshold_checked', target: { type: 'case_review', id }, details: { met: outcome.assessment.met, rule: outcome.rule.name, reports: reports.length, counted: outcome.reports.filter((x) => x.counts).length, datasets: sources.map((s) => ({ slug: s.slug, level: 'threshold' })) }, address },
        em,
      );
    });
    return check;
  }

  /** A person decides, with reasons; a met threshold starts the clock to hold the review. */
  async decide(caller: AuthUser, id: string, dto: ThresholdDecisionDto, address: string | null) {
    const today = todayInEngland();
    await this.dataSource.transaction(async (em) => {
      const { review } = await this.access.loadAsOfficer(caller, id, em);
      if (review.status !== CaseStatus.Received) throw conflict('threshold_decided', 'The threshold has already been decided for this case.');
      if (!review.thresholdCheck) throw conflict('threshold_not_checked', 'Check the threshold against partners\' records before deciding.');
      const met = dto.decision === 'met';
      await this.cases.update(em, id, {
        decision: dto.decision,
        decisionReasons: dto.reasons.trim(),
        decidedBy: caller.id,
        decidedOn: today,
        status: met ? CaseStatus.ThresholdMet : CaseStatus.ThresholdNotMet,
        holdBy: met ? CALENDAR.addWorkingDays(today, this.config.caseReview.workingDays.hold) : null,
      });
      await this.audit.record(
        { actor: actorOf(caller), action: 'case_review.threshold_decided', target: { type: 'case_review', id }, details: { decision: dto.decision, checkSaidMet: review.thresholdCheck.assessment.met, rule: review.thresholdCheck.rule.name, reasons: dto.reasons.trim(), late: today > review.decideBy }, address },
        em,
      );
    });
    return this.get(caller, id, address);
  }

  /** Records the day the applicant was told the decision (the local deadline is the decision's). */
  async tellApplicant(caller: AuthUser, id: string, on: string, address: string | null) {
    await this.dataSource.transaction(async (em) => {
      const { review } = await this.access.loadAsOfficer(caller, id, em);
      if (!review.decision || !review.decidedOn) throw conflict('not_decided', 'Decide the threshold before recording that the applicant was told.');
      if (review.applicantToldOn) throw conflict('already_told', `The applicant was already told on ${review.applicantToldOn}.`);
      if (on < review.decidedOn || on > todayInEngland()) throw badRequest('date_invalid', 'The applicant can be told on or after the decision, and not in the future.');
      await this.cases.update(em, id, { applicantToldOn: on });
      await this.audit.record({ actor: actorOf(caller), action: 'case_review.applicant_told', target: { type: 'case_review', id }, details: { on, decideBy: review.decideBy, late: on > review.decideBy }, address }, em);
    });
    return this.get(caller, id, address);
  }

  private async keyedSources(): Promise<AnalyticsSource[]> {
    const keyed = (await this.datasets.list()).filter((d) => d.columns.some((c) => c.name === 'subject_key' || c.name === 'place_key'));
    const sources: AnalyticsSource[] = [];
    for (const d of keyed) {
      if (await this.analytics.tableExists(d.duckdbTable)) sources.push({ table: d.duckdbTable, slug: d.slug, partner: d.ownerOrganisationId, areas: { all: true }, columnNames: columnNamesOf(d.columns) });
    }
    return sources;
  }
}
