import { countFigures, periodOf } from './case-figures.js';

describe('case review figures', () => {
  it('reads calendar and financial years', () => {
    expect(periodOf('2026')).toEqual({ label: '2026', from: '2026-01-01', to: '2026-12-31' });
    expect(periodOf('2026-27')).toEqual({ label: '2026-27', from: '2026-04-01', to: '2027-03-31' });
    expect(periodOf('2026-28')).toBeNull();
    expect(periodOf('26')).toBeNull();
  });

  it('counts the four measures per district, every district listed', () => {
    const cases = [
      { id: 'a', districtCode: 'E06000044', decision: 'met' as const, reviewHeldOn: '2026-03-01' },
      { id: 'b', districtCode: 'E06000044', decision: 'not_met' as const, reviewHeldOn: null },
      { id: 'c', districtCode: 'E06000044', decision: 'met' as const, reviewHeldOn: '2026-04-01' },
      { id: 'd', districtCode: 'E07000094', decision: null, reviewHeldOn: null },
    ];
    const rows = countFigures(cases, [{ caseReviewId: 'a', kind: 'recommendation' }, { caseReviewId: 'c', kind: 'action' }]);
    expect(rows).toHaveLength(14);
    expect(rows.find((r) => r.districtCode === 'E06000044')!.counts).toEqual({ applications: 3, thresholdNotMet: 1, reviewsCarriedOut: 2, reviewsWithRecommendations: 1 });
    expect(rows.find((r) => r.districtCode === 'E07000094')!.counts).toEqual({ applications: 1, thresholdNotMet: 0, reviewsCarriedOut: 0, reviewsWithRecommendations: 0 });
  });
});
