import { Inject, Injectable } from '@nestjs/common';
import { actorOf } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { forbidden } from '../common/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import {
  type AnalyticsSource,
  type KeyColumn,
  keyEventsSql,
  latestDateSql,
  latestMonthSql,
  lsoaHotspotsSql,
  monthlyCountsSql,
  placeHotspotsSql,
  repeatListSql,
  repeatSummarySql,
  subjectRowsSql,
} from './analytics-sql.js';
import { AnalyticsSources, type UsedSource } from './analytics-sources.js';
import type { DatasetUse, HotspotQuery, PartnerRef, ReleasedCount, RepeatQuery, TrendQuery, TriggerQuery } from './analytics.dto.js';
import { AnalyticsRepository } from './analytics.repository.js';
import { assessTrigger, type TriggerAssessment } from './community-trigger.js';
import { releaseCounts, type ReleaseRules } from './release.js';
import { emergingTrends, type MonthlyCount, monthsBefore } from './trends.js';

const DAY_MS = 86_400_000;
/** Rows of one dataset shown for one subject at most. */
const LOOKUP_ROW_LIMIT = 200;

export interface RepeatSummaryRow {
  districtCode: string;
  districtName: string | null;
  repeat: ReleasedCount;
  crossPartner: ReleasedCount;
}

export interface RepeatKeyItem {
  key: string;
  incidents: number;
  partners: number;
  /** Most incidents within any one window of the rule. */
  peakInWindow: number;
  firstSeen: string;
  lastSeen: string;
  byPartner: { partner: PartnerRef; dataset: string; districtCode: string | null; districtName: string | null; incidents: number; lastSeen: string }[];
}

export interface RepeatResult {
  kind: 'subject' | 'place';
  rule: { incidents: number; windowDays: number; partners: number };
  period: { since: string; until: string } | null;
  /** Counts per district over every dataset the caller may count (suppressed at aggregate level). */
  summary: { suppressed: boolean; rows: RepeatSummaryRow[]; datasets: DatasetUse[] };
  /** Keys from datasets the caller may see rows of; null when there are none. */
  list: { total: number; items: RepeatKeyItem[]; datasets: DatasetUse[] } | null;
}

export interface RequestContext {
  address: string | null;
}

/**
 * Threat, risk and harm: repeat victims and locations, one subject's own-dataset details,
 * hotspots and Community Trigger checks. Every analysis reads only what the access policy lets
 * the caller see (areas, level, columns); counts from aggregate-level sources are released
 * through the query engine's disclosure control; every request is audited.
 */
@Injectable()
export class AnalyticsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sources: AnalyticsSources,
    private readonly repository: AnalyticsRepository,
    private readonly audit: AuditService,
  ) {}

  /** The release rules of one analysis with its parameters (the perturbation is keyed on both). */
  private suppression(analysis: string, params: unknown): ReleaseRules {
    const { query, disclosure } = this.config;
    if (disclosure.method === 'rounding') return { threshold: query.suppressionThreshold, base: query.roundingBase };
    return { method: 'perturbation', threshold: query.suppressionThreshold, spread: disclosure.spread, secret: disclosure.noiseSecret, question: JSON.stringify([analysis, params]) };
  }

  /** Repeat victims (subject keys) or repeat locations (place keys). */
  async repeats(caller: AuthUser, key: KeyColumn, q: RepeatQuery, context: RequestContext): Promise<RepeatResult> {
    const rule = { incidents: this.config.analytics.repeat.incidents, windowDays: this.config.analytics.repeat.windowDays, partners: this.config.analytics.repeat.partners };
    const counted = await this.sources.pick(caller, { level: 'aggregate', key, areas: q.areas });
    const listed = await this.sources.pick(caller, { level: 'records', key, areas: q.areas });
    const period = await this.period(counted.map((u) => u.source), q.since, q.until, this.config.analytics.repeat.lookbackDays);
    const result: RepeatResult = {
      kind: key === 'subject_key' ? 'subject' : 'place',
      rule,
      period,
      summary: { suppressed: false, rows: [], datasets: await this.sources.describe(counted) },
      list: listed.length ? { total: 0, items: [], datasets: await this.sources.describe(listed) } : null,
    };
    if (period && counted.length) result.summary = { ...result.summary, ...(await this.repeatSummary(counted, key, period, rule)) };
    if (period && result.list) result.list = { ...result.list, ...(await this.repeatList(listed, key, period, rule, q.limit)) };
    await this.record(caller, `analytics.repeat_${result.kind}s`, [...counted, ...listed], { period, areas: q.areas ?? null, listed: result.list?.items.length ?? 0 }, context);
    return result;
  }

  private async repeatSummary(used: UsedSource[], key: KeyColumn, period: { since: string; until: string }, rule: RepeatResult['rule']) {
    const rows = await this.repository.rows<{ district_code: string; district_name: string | null; repeat_count: number; cross_partner_count: number }>(
      repeatSummarySql(used.map((u) => u.source), key, period.since, period.until, rule),
    );
    const suppress = used.some((u) => u.scope.suppress);
    const cells = rows.flatMap((r) => [
      { key: [r.district_code, 'repeat'], count: r.repeat_count },
      { key: [r.district_code, 'cross_partner'], count: r.cross_partner_count },
    ]);
    const { released } = releaseCounts(cells, suppress ? this.suppression('repeat', [key, period, rule, sourcesKey(used)]) : null);
    return {
      suppressed: suppress,
      rows: rows.map((r, i) => ({ districtCode: r.district_code, districtName: r.district_name, repeat: released[2 * i], crossPartner: released[2 * i + 1] })),
    };
  }

  private async repeatList(used: UsedSource[], key: KeyColumn, period: { since: string; until: string }, rule: RepeatResult['rule'], limit: number) {
    const rows = await this.repository.rows<{
      key: string; incidents: number; partners: number; peak: number; total: number; first_day: string; last_day: string;
      partner: string; dataset: string; district_code: string | null; district_name: string | null; n: number; last_seen: string;
    }>(repeatListSql(used.map((u) => u.source), key, period.since, period.until, rule, limit));
    const partners = await this.sources.partners(rows.map((r) => r.partner));
    const items = new Map<string, RepeatKeyItem>();
    for (const r of rows) {
      let item = items.get(r.key);
      if (!item) {
        item = { key: r.key, incidents: r.incidents, partners: r.partners, peakInWindow: r.peak, firstSeen: r.first_day, lastSeen: r.last_day, byPartner: [] };
        items.set(r.key, item);
      }
      item.byPartner.push({ partner: partners.get(r.partner)!, dataset: r.dataset, districtCode: r.district_code, districtName: r.district_name, incidents: r.n, lastSeen: r.last_seen });
    }
    return { total: rows[0]?.total ?? 0, items: [...items.values()] };
  }

  /**
   * One subject's rows in each dataset where the caller holds identifiable access, and only
   * there: other partners' details never appear. Audited whether or not anything is found.
   */
  async subjectDetails(caller: AuthUser, subjectKey: string, areas: string[] | undefined, context: RequestContext) {
    const used = await this.sources.pick(caller, { level: 'identifiable', key: 'subject_key', areas });
    if (used.length === 0) {
      throw forbidden('identifiable_access_required', "You can see a person's details only in datasets you hold identifiable access to, and you hold none that record people.");
    }
    const partners = await this.sources.partners(used.map((u) => u.dataset.ownerOrganisationId));
    const datasets = [];
    for (const u of used) {
      const columns = u.scope.columns.filter((c) => !c.name.startsWith('_'));
      const rows = await this.repository.rows(subjectRowsSql(u.source, columns, subjectKey, LOOKUP_ROW_LIMIT));
      if (rows.length) datasets.push({ slug: u.dataset.slug, title: u.dataset.title, partner: partners.get(u.dataset.ownerOrganisationId)!, columns: columns.map((c) => ({ name: c.name, label: c.label, personal: c.personal })), rows });
    }
    await this.record(caller, 'analytics.subject_lookup', used, { subject: subjectKey, found: datasets.map((d) => ({ slug: d.slug, rows: d.rows.length })) }, context, { type: 'subject', id: subjectKey });
    return { key: subjectKey, datasets, searched: await this.sources.describe(used) };
  }

  /** Places (LSOAs, or place keys for record-level callers) with most incidents in the rolling period, and the change. */
  async hotspots(caller: AuthUser, q: HotspotQuery, context: RequestContext) {
    const days = this.config.analytics.hotspots.periodDays;
    const place = q.by === 'place';
    const used = await this.sources.pick(caller, { level: place ? 'records' : 'aggregate', key: place ? 'place_key' : undefined, areas: q.areas });
    const sources = used.map((u) => u.source);
    const group = q.categoryGroup === 'all' ? null : q.categoryGroup;
    const until = q.asOf ?? (sources.length ? await this.latest(sources, group) : null);
    const base = { by: q.by, categoryGroup: q.categoryGroup, periodDays: days, datasets: await this.sources.describe(used) };
    if (!until) return { ...base, current: null, previous: null, suppressed: false, items: [] };
    const split = shiftDays(until, -days);
    const since = shiftDays(until, -2 * days);
    const periods = { current: { after: split, until }, previous: { after: since, until: split } };
    let result;
    if (place) {
      const rows = await this.repository.rows<{ key: string; current_count: number; previous_count: number; partners: number; district_code: string | null; district_name: string | null; lsoa_code: string | null }>(
        placeHotspotsSql(sources, since, split, until, group, q.limit),
      );
      const items = rows.map((r) => ({ key: r.key, districtCode: r.district_code, districtName: r.district_name, lsoaCode: r.lsoa_code, partners: r.partners, ...change({ count: r.current_count, suppressed: false }, { count: r.previous_count, suppressed: false }) }));
      result = { ...base, ...periods, suppressed: false, items };
    } else {
      result = { ...base, ...periods, ...(await this.lsoaHotspots(used, since, split, until, group, q.limit)) };
    }
    await this.record(caller, 'analytics.hotspots', used, { by: q.by, categoryGroup: q.categoryGroup, until, areas: q.areas ?? null }, context);
    return result;
  }

  private async lsoaHotspots(used: UsedSource[], since: string, split: string, until: string, group: string | null, limit: number) {
    const rows = await this.repository.rows<{ lsoa_code: string; lsoa_name: string | null; district_code: string | null; district_name: string | null; current_count: number; previous_count: number }>(
      lsoaHotspotsSql(used.map((u) => u.source), since, split, until, group),
    );
    const suppress = used.some((u) => u.scope.suppress);
    const cells = rows.flatMap((r) => [
      { key: [r.lsoa_code, 'current'], count: r.current_count },
      { key: [r.lsoa_code, 'previous'], count: r.previous_count },
    ]);
    const { released } = releaseCounts(cells, suppress ? this.suppression('hotspots', [since, split, until, group, sourcesKey(used)]) : null);
    const items = rows
      .map((r, i) => ({ lsoaCode: r.lsoa_code, lsoaName: r.lsoa_name, districtCode: r.district_code, districtName: r.district_name, ...change(released[2 * i], released[2 * i + 1]) }))
      .sort((a, b) => (b.current.count ?? -1) - (a.current.count ?? -1) || (b.previous.count ?? -1) - (a.previous.count ?? -1) || a.lsoaCode.localeCompare(b.lsoaCode))
      .slice(0, limit);
    return { suppressed: suppress, items };
  }

  /** Emerging trends per district × category: the latest month against its baseline (see trends.ts). */
  async trends(caller: AuthUser, q: TrendQuery, context: RequestContext) {
    const rule = this.config.analytics.trends;
    const used = await this.sources.pick(caller, { level: 'aggregate', areas: q.areas });
    const sources = used.map((u) => u.source);
    const datasets = await this.sources.describe(used);
    // By default the latest month that has ended: a month still in progress would always look quiet.
    const thisMonth = `${new Date().toISOString().slice(0, 7)}-01`;
    const month = q.month ?? (sources.length ? (await this.repository.rows<{ latest: string | null }>(latestMonthSql(sources, thisMonth)))[0]?.latest : null);
    const suppress = used.some((u) => u.scope.suppress);
    const test = { method: 'poisson-exceedance', pValue: rule.pValue, minCount: rule.minCount, baselineMonths: rule.baselineMonths };
    if (!month) return { month: null, test, suppressed: suppress, datasets, items: [] };
    const from = monthsBefore(month, rule.baselineMonths)[0];
    const rows = await this.repository.rows<{ district_code: string; district_name: string | null; category: string; month: string; n: number }>(
      monthlyCountsSql(sources, `${from}-01`, `${month}-01`),
    );
    const counts: MonthlyCount[] = rows.map((r) => ({ districtCode: r.district_code, districtName: r.district_name, category: r.category, month: r.month, n: r.n }));
    const all = emergingTrends(counts, month, rule, suppress ? this.suppression('trends', [month, sourcesKey(used)]) : null);
    const items = (q.flagged ? all.filter((t) => t.flagged) : all).sort((a, b) => Number(b.flagged) - Number(a.flagged) || (a.pValue ?? 2) - (b.pValue ?? 2));
    await this.record(caller, 'analytics.trends', used, { month, flagged: q.flagged, areas: q.areas ?? null, flaggedCount: all.filter((t) => t.flagged).length }, context);
    return { month, test, suppressed: suppress, datasets, items };
  }

  /** Whether the Community Trigger threshold is met for a subject or place, from datasets the caller may see rows of. */
  async communityTrigger(caller: AuthUser, q: TriggerQuery, context: RequestContext) {
    const key: KeyColumn = q.subject ? 'subject_key' : 'place_key';
    const value = (q.subject ?? q.place)!;
    const used = await this.sources.pick(caller, { level: 'records', key, areas: q.areas });
    if (used.length === 0) {
      throw forbidden('record_access_required', 'A Community Trigger check needs record-level access to at least one dataset that records complaints by person or place.');
    }
    const rows = await this.repository.rows<{ incident_date: string; reported_date: string; partner: string; dataset: string; district_code: string | null; district_name: string | null; category: string | null }>(
      keyEventsSql(used.map((u) => u.source), key, value),
    );
    const rule = this.config.analytics.trigger;
    const assessment: TriggerAssessment = assessTrigger(rows.map((r) => ({ incidentDate: r.incident_date, reportedDate: r.reported_date })), rule);
    const partners = await this.sources.partners(rows.map((r) => r.partner));
    const complaints = rows.map((r) => {
      const delay = daysBetween(r.incident_date, r.reported_date);
      return {
        incidentDate: r.incident_date,
        reportedDate: r.reported_date,
        reportedWithinLimit: delay >= 0 && delay <= rule.reportWithinDays,
        partner: partners.get(r.partner)!,
        dataset: r.dataset,
        districtCode: r.district_code,
        districtName: r.district_name,
        category: r.category,
      };
    });
    await this.record(caller, 'analytics.community_trigger', used, { [key]: value, met: assessment.met, complaints: rows.length }, context, { type: key === 'subject_key' ? 'subject' : 'place', id: value });
    return { key: value, kind: key === 'subject_key' ? 'subject' : 'place', rule, ...assessment, complaints, datasets: await this.sources.describe(used) };
  }

  /** The analysis period: `until` defaults to the latest event, `since` to `lookbackDays` before it. */
  private async period(sources: AnalyticsSource[], since: string | undefined, until: string | undefined, lookbackDays: number) {
    const end = until ?? (sources.length ? await this.latest(sources, null) : null);
    if (!end) return null;
    return { since: since ?? shiftDays(end, -lookbackDays), until: end };
  }

  private async latest(sources: AnalyticsSource[], group: string | null): Promise<string | null> {
    const [row] = await this.repository.rows<{ latest: string | null }>(latestDateSql(sources, group));
    return row?.latest ?? null;
  }

  private async record(caller: AuthUser, action: string, used: readonly UsedSource[], details: Record<string, unknown>, context: RequestContext, target?: { type: string; id: string }) {
    const unique = [...new Map(used.map((u) => [u.dataset.id, u])).values()];
    await this.audit.record({
      actor: actorOf(caller),
      action,
      target: target ?? { type: 'analysis', id: action.replace('analytics.', '') },
      details: { ...details, datasets: unique.map((u) => ({ slug: u.dataset.slug, level: u.scope.level, areas: u.scope.areas })) },
      address: context.address,
    });
    this.sources.noteUse(unique);
  }
}

function change(current: ReleasedCount, previous: ReleasedCount) {
  const diff = current.count !== null && previous.count !== null ? current.count - previous.count : null;
  const pct = diff !== null && previous.count ? Math.round((diff / previous.count) * 1000) / 10 : null;
  return { current, previous, change: diff, changePercent: pct };
}

function shiftDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The datasets an analysis counted and the areas it counted in each: part of what its perturbation is keyed on. */
function sourcesKey(used: readonly UsedSource[]): unknown {
  return used.map((u) => [u.source.slug, u.scope.areas]).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}
