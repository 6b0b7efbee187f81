import { Inject, Injectable } from '@nestjs/common';
import { AccessLevel } from '../access/access-level.js';
import { GrantsService } from '../access/grants.service.js';
import { AnalyticsService } from '../analytics/analytics.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { QuestionBudgetService } from '../disclosure/question-budget.service.js';
import { AccessReviewService } from '../governance/access-review.service.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { BoardPackRepository, type DisclosureUseRow, type LoadsRow } from './board-pack.repository.js';
import type { Quarter } from './quarter.js';

export interface GrantLine {
  organisation: string;
  dataset: string;
  level: AccessLevel;
  date: Date | null;
}

/** Everything a board pack reports, gathered for one reader. Names of people are left out: organisations only. */
export interface BoardPackFigures {
  quarter: Quarter;
  generatedAt: Date;
  preparedFor: string;
  access: {
    summary: { live: number; unused: number; expiringSoon: number; inactiveAccounts: number };
    byOrganisation: { organisation: string; aggregate: number; record: number; identifiable: number }[];
    unused: GrantLine[];
    expiring: GrantLine[];
    newAgreements: { title: string; startsAt: Date; endsAt: Date; parties: number }[];
    unusedDays: number;
    expiringDays: number;
  };
  disclosure: { method: string; threshold: number; dailyQuestions: number; rows: DisclosureUseRow[]; flaggedToday: number };
  loads: LoadsRow[];
  trends: { month: string | null; released: boolean; rows: { district: string; latest: number | null; expected: number | null; flagged: boolean }[] };
}

const ASB = /anti-?social/i;

/**
 * Gathers a board pack's figures: governance figures from PostgreSQL (the IMB sees these in the
 * hub already), and the ASB trends through analytics as the reader, so a pack shows no figure its
 * reader could not see in Threat, risk and harm (released under disclosure control where their
 * access is aggregate).
 */
@Injectable()
export class BoardPackFiguresService {
  constructor(
    private readonly repository: BoardPackRepository,
    private readonly review: AccessReviewService,
    private readonly grants: GrantsService,
    private readonly users: UsersRepository,
    private readonly organisations: OrganisationsService,
    private readonly budget: QuestionBudgetService,
    private readonly analytics: AnalyticsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async gather(reader: AuthUser, quarter: Quarter, now = new Date()): Promise<BoardPackFigures> {
    const [review, live, users, disclosureRows, loads, newAgreements, usage] = await Promise.all([
      this.review.report('live', now),
      this.grants.find({ liveAt: now }),
      this.users.list(),
      this.repository.disclosureUse(quarter.from, quarter.to),
      this.repository.loadsPerPartner(quarter.from, quarter.to),
      this.repository.newAgreements(quarter.from, quarter.to),
      this.budget.usage(),
    ]);
    const userOrg = new Map(users.map((u) => [u.id, u.organisationId]));
    const orgIdOf = (g: { granteeOrganisationId: string | null; granteeUserId: string | null }) => g.granteeOrganisationId ?? (g.granteeUserId ? userOrg.get(g.granteeUserId) : undefined) ?? '';
    const orgs = await this.organisations.byIds([...new Set(live.map(orgIdOf).filter(Boolean))]);
    const orgName = (id: string) => orgs.get(id)?.name ?? 'Unknown organisation';
    const grantOrg = new Map(live.map((g) => [g.id, orgName(orgIdOf(g))]));
    const byOrg = new Map<string, { organisation: string; aggregate: number; record: number; identifiable: number }>();
    for (const g of live) {
      const name = orgName(orgIdOf(g));
      const row = byOrg.get(name) ?? { organisation: name, aggregate: 0, record: 0, identifiable: 0 };
      row[g.level === AccessLevel.Aggregate ? 'aggregate' : g.level === AccessLevel.Record ? 'record' : 'identifiable'] += 1;
      byOrg.set(name, row);
    }
    const line = (r: (typeof review.grants)[number], date: Date | null): GrantLine => ({ organisation: grantOrg.get(r.grantId) ?? 'Unknown organisation', dataset: r.datasetTitle, level: r.level, date });
    const liveRows = review.grants.filter((r) => r.status === 'live');
    return {
      quarter,
      generatedAt: now,
      preparedFor: reader.displayName,
      access: {
        summary: { live: review.summary.live, unused: review.summary.unused, expiringSoon: review.summary.expiringSoon, inactiveAccounts: review.summary.inactiveAccounts },
        byOrganisation: [...byOrg.values()].sort((a, b) => a.organisation.localeCompare(b.organisation)),
        unused: liveRows.filter((r) => r.unused).map((r) => line(r, r.lastUsedAt)),
        expiring: liveRows.filter((r) => r.expiringSoon).map((r) => line(r, r.expiresAt)).sort((a, b) => a.date!.getTime() - b.date!.getTime()),
        newAgreements,
        unusedDays: review.thresholds.unusedDays,
        expiringDays: review.thresholds.expiringDays,
      },
      disclosure: { method: this.config.disclosure.method, threshold: this.config.query.suppressionThreshold, dailyQuestions: this.config.disclosure.dailyQuestions, rows: disclosureRows, flaggedToday: usage.rows.filter((r) => r.flagged).length },
      loads,
      trends: await this.asbTrends(reader),
    };
  }

  /** ASB per district in the latest ended month against its usual level, as analytics releases it to the reader. */
  private async asbTrends(reader: AuthUser): Promise<BoardPackFigures['trends']> {
    const trends = await this.analytics.trends(reader, { flagged: false }, { address: null });
    const byDistrict = new Map<string, { district: string; latest: number | null; expected: number | null; flagged: boolean }>();
    for (const t of trends.items.filter((i) => ASB.test(i.category))) {
      const district = t.districtName ?? t.districtCode;
      const row = byDistrict.get(district) ?? { district, latest: 0, expected: 0, flagged: false };
      // A withheld part makes the district's total unknown: it is shown as withheld, not as a smaller number.
      row.latest = row.latest === null || t.latest.count === null ? null : row.latest + t.latest.count;
      row.expected = row.expected === null || t.expected === null ? null : Math.round((row.expected + t.expected) * 10) / 10;
      row.flagged ||= t.flagged;
      byDistrict.set(district, row);
    }
    return { month: trends.month, released: trends.suppressed, rows: [...byDistrict.values()].sort((a, b) => a.district.localeCompare(b.district)) };
  }
}
