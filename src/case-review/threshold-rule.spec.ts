import type { CaseReviewConfig } from '../config/case-review-config.js';
import { assessThreshold, type MatchedReport, ruleFor } from './threshold-rule.js';

const base = { standard: { complaints: 3, windowDays: 182 }, hateIncident: { complaints: 1, windowDays: 182 }, vulnerableVictim: { complaints: 2, windowDays: 182 }, reportWithinDays: 31 };
const thresholds: CaseReviewConfig['thresholds'] = {
  default: base,
  districts: { E07000094: { ...base, standard: { complaints: 4, windowDays: 182 }, vulnerableVictim: { complaints: 3, windowDays: 182 } } },
};
const report = (day: string, over: Partial<MatchedReport> = {}): MatchedReport => ({
  incidentDate: day, reportedDate: day, partnerId: 'p1', dataset: 'd1', districtCode: 'E06000044', category: 'Nuisance', matchedBy: 'subject', ...over,
});

describe('case review threshold rule', () => {
  it('uses the partnership default, or the district\'s own threshold', () => {
    expect(ruleFor(thresholds, 'E06000044', { hateIncident: false, vulnerableVictim: false })).toMatchObject({ name: 'standard', local: false, complaints: 3 });
    expect(ruleFor(thresholds, 'E07000094', { hateIncident: false, vulnerableVictim: false })).toMatchObject({ name: 'standard', local: true, complaints: 4 });
  });

  it('takes the lowest threshold the application qualifies for', () => {
    expect(ruleFor(thresholds, 'E06000044', { hateIncident: false, vulnerableVictim: true })).toMatchObject({ name: 'vulnerable_victim', complaints: 2 });
    expect(ruleFor(thresholds, 'E06000044', { hateIncident: true, vulnerableVictim: true })).toMatchObject({ name: 'hate_incident', complaints: 1 });
    expect(ruleFor(thresholds, 'E07000094', { hateIncident: false, vulnerableVictim: true })).toMatchObject({ name: 'vulnerable_victim', complaints: 3 });
  });

  it('meets the standard threshold with three reports in six months, not two', () => {
    const rule = ruleFor(thresholds, 'E06000044', { hateIncident: false, vulnerableVictim: false });
    const three = assessThreshold([report('2026-01-05'), report('2026-03-01', { partnerId: 'p2' }), report('2026-07-05')], rule);
    expect(three.assessment.met).toBe(true);
    expect(three.reports.every((r) => r.counts)).toBe(true);
    expect(assessThreshold([report('2026-01-05'), report('2026-03-01')], rule).assessment.met).toBe(false);
  });

  it('marks late reports and reports outside the best window as not counting', () => {
    const rule = ruleFor(thresholds, 'E06000044', { hateIncident: false, vulnerableVictim: true });
    const outcome = assessThreshold([report('2025-01-01'), report('2026-02-01'), report('2026-02-10'), report('2026-02-12', { incidentDate: '2025-12-01' })], rule);
    expect(outcome.assessment.met).toBe(true);
    expect(outcome.reports.map((r) => r.reason)).toEqual(['outside_window', 'counted', 'counted', 'reported_late']);
  });

  it('needs one report for a hate incident under the default', () => {
    const rule = ruleFor(thresholds, 'E06000044', { hateIncident: true, vulnerableVictim: false });
    expect(assessThreshold([report('2026-02-01')], rule).assessment.met).toBe(true);
    expect(assessThreshold([], rule).assessment.met).toBe(false);
  });
});
