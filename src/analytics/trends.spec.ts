import { emergingTrends, type MonthlyCount, monthsBefore } from './trends.js';

const RULE = { pValue: 0.01, minCount: 5, baselineMonths: 12 };

function history(district: string, category: string, perMonth: number, latest: number): MonthlyCount[] {
  const rows = monthsBefore('2026-10', 12).map((month) => ({ districtCode: district, districtName: 'Winchester', category, month, n: perMonth }));
  return [...rows, { districtCode: district, districtName: 'Winchester', category, month: '2026-10', n: latest }];
}

describe('monthsBefore', () => {
  it('counts back across a year end', () => {
    expect(monthsBefore('2026-02', 3)).toEqual(['2025-11', '2025-12', '2026-01']);
  });
});

describe('emergingTrends', () => {
  it('flags a month far above its baseline and not one within normal variation', () => {
    const rows = emergingTrends([...history('E07000094', 'Nuisance', 10, 30), ...history('E07000094', 'Personal', 10, 14)], '2026-10', RULE, null);
    const nuisance = rows.find((r) => r.category === 'Nuisance')!;
    const personal = rows.find((r) => r.category === 'Personal')!;
    expect(nuisance).toMatchObject({ flagged: true, expected: 10, latest: { count: 30, suppressed: false }, baselineMonths: 12 });
    expect(nuisance.pValue!).toBeLessThan(1e-5);
    expect(personal.flagged).toBe(false);
    expect(personal.pValue!).toBeGreaterThan(0.01);
  });

  it('does not flag a rise below the minimum count', () => {
    const [row] = emergingTrends(history('E07000094', 'Nuisance', 0, 4), '2026-10', RULE, null);
    expect(row.pValue!).toBeLessThan(0.01);
    expect(row.flagged).toBe(false);
  });

  it('needs some history before testing', () => {
    const [row] = emergingTrends([{ districtCode: 'E07000094', districtName: null, category: 'Nuisance', month: '2026-10', n: 50 }], '2026-10', RULE, null);
    expect(row).toMatchObject({ baselineMonths: 0, pValue: null, flagged: false });
  });

  it('at aggregate level tests released figures only and never a withheld cell', () => {
    const rules = { threshold: 5, base: 5 };
    const counts = [...history('E07000094', 'Nuisance', 10, 31), ...history('E07000094', 'Personal', 0, 3), ...history('E07000094', 'Environmental', 8, 8)];
    const rows = emergingTrends(counts, '2026-10', RULE, rules);
    const nuisance = rows.find((r) => r.category === 'Nuisance')!;
    const personal = rows.find((r) => r.category === 'Personal')!;
    expect(nuisance.latest).toEqual({ count: 30, suppressed: false });
    expect(nuisance.flagged).toBe(true);
    expect(personal.latest).toEqual({ count: null, suppressed: true });
    expect(personal).toMatchObject({ pValue: null, expected: null, flagged: false });
    // Secondary suppression: the district's line would otherwise give the withheld cell away.
    expect(rows.find((r) => r.category === 'Environmental')!.latest.suppressed).toBe(true);
  });
});
