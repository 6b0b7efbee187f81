import { assessTrigger, type TriggerAssessment } from '../analytics/community-trigger.js';
import type { CaseReviewConfig, LocalThreshold, ThresholdNumbers } from '../config/case-review-config.js';

export type RuleName = 'standard' | 'hate_incident' | 'vulnerable_victim';

/** A partner's record about the applicant or the location, as the threshold sees it. */
export interface MatchedReport {
  incidentDate: string;
  reportedDate: string;
  partnerId: string;
  dataset: string;
  districtCode: string | null;
  category: string | null;
  /** Which key found it: the applicant (subject), the location (place), or both. */
  matchedBy: 'subject' | 'place' | 'both';
}

export interface AppliedRule {
  name: RuleName;
  districtCode: string;
  /** Whether the district has its own threshold or uses the partnership's. */
  local: boolean;
  complaints: number;
  windowDays: number;
  reportWithinDays: number;
}

export interface ThresholdOutcome {
  rule: AppliedRule;
  assessment: TriggerAssessment;
  /** Each report with whether it counts towards the threshold. */
  reports: (MatchedReport & { counts: boolean; reason: 'counted' | 'reported_late' | 'outside_window' })[];
}

/** The district's threshold, or the partnership default. */
export function localThreshold(config: CaseReviewConfig['thresholds'], districtCode: string): { threshold: LocalThreshold; local: boolean } {
  const own = config.districts[districtCode];
  return own ? { threshold: own, local: true } : { threshold: config.default, local: false };
}

/**
 * Which rule applies: the lowest threshold the application qualifies for. A hate incident or a
 * vulnerable victim (from the officer's risk assessment) takes the lower threshold where the
 * district sets one; otherwise the standard one.
 */
export function ruleFor(config: CaseReviewConfig['thresholds'], districtCode: string, flags: { hateIncident: boolean; vulnerableVictim: boolean }): AppliedRule {
  const { threshold, local } = localThreshold(config, districtCode);
  const options: [RuleName, ThresholdNumbers][] = [['standard', threshold.standard]];
  if (flags.hateIncident) options.push(['hate_incident', threshold.hateIncident]);
  if (flags.vulnerableVictim) options.push(['vulnerable_victim', threshold.vulnerableVictim]);
  const [name, numbers] = options.reduce((best, o) => (o[1].complaints < best[1].complaints ? o : best));
  return { name, districtCode, local, complaints: numbers.complaints, windowDays: numbers.windowDays, reportWithinDays: threshold.reportWithinDays };
}

/** Assesses partners' reports against the rule, marking which ones count and why not. */
export function assessThreshold(reports: readonly MatchedReport[], rule: AppliedRule): ThresholdOutcome {
  const assessment = assessTrigger(reports, { complaints: rule.complaints, windowDays: rule.windowDays, reportWithinDays: rule.reportWithinDays });
  const window = assessment.bestWindow;
  return {
    rule,
    assessment,
    reports: reports.map((r) => {
      const delay = (Date.parse(r.reportedDate) - Date.parse(r.incidentDate)) / 86_400_000;
      if (delay < 0 || delay > rule.reportWithinDays) return { ...r, counts: false, reason: 'reported_late' as const };
      const inWindow = window !== null && r.reportedDate >= window.from && r.reportedDate <= window.to;
      return { ...r, counts: inWindow, reason: inWindow ? ('counted' as const) : ('outside_window' as const) };
    }),
  };
}
