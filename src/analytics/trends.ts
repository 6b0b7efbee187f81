import type { ReleasedCount } from './analytics.dto.js';
import { poissonUpperTail } from './poisson.js';
import { releaseCounts, type ReleaseRules } from './release.js';

export interface MonthlyCount {
  districtCode: string;
  districtName: string | null;
  category: string;
  /** YYYY-MM */
  month: string;
  n: number;
}

export interface TrendRule {
  pValue: number;
  minCount: number;
  baselineMonths: number;
}

export interface TrendRow {
  districtCode: string;
  districtName: string | null;
  category: string;
  latest: ReleasedCount;
  /** Incidents over the baseline months (released like `latest`). */
  baselineTotal: ReleasedCount;
  /** Baseline months that had any data in the sources used. */
  baselineMonths: number;
  /** Mean per baseline month; null when withheld or without history. */
  expected: number | null;
  /** P(X ≥ latest) under Poisson(expected); null when it cannot be computed from released figures. */
  pValue: number | null;
  flagged: boolean;
}

/** The smallest baseline mean used, so that a quiet history is surprising but not infinitely so. */
export const MIN_EXPECTED = 0.5;
/** Baseline months with data needed before a cell can be tested. */
export const MIN_HISTORY_MONTHS = 3;

/** Months `count` before `month` (YYYY-MM), oldest first. */
export function monthsBefore(month: string, count: number): string[] {
  const [y, m] = month.split('-').map(Number);
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - count + i, 1));
    return d.toISOString().slice(0, 7);
  });
}

/**
 * Emerging trends: for each district × category, the latest month against the mean of the
 * baseline months before it. A cell is flagged when P(X ≥ latest | Poisson(mean)) < pValue and
 * latest ≥ minCount. At aggregate level the test is run on the released (rounded) figures and
 * withheld cells are never tested, so the flag reveals nothing the counts do not.
 */
export function emergingTrends(counts: readonly MonthlyCount[], latestMonth: string, rule: TrendRule, rules: ReleaseRules | null): TrendRow[] {
  const baseline = new Set(monthsBefore(latestMonth, rule.baselineMonths));
  const monthsWithData = new Set(counts.filter((c) => baseline.has(c.month)).map((c) => c.month));
  const cells = new Map<string, { districtCode: string; districtName: string | null; category: string; latest: number; baseline: number }>();
  for (const c of counts) {
    if (c.month !== latestMonth && !baseline.has(c.month)) continue;
    const id = JSON.stringify([c.districtCode, c.category]);
    const cell = cells.get(id) ?? { districtCode: c.districtCode, districtName: c.districtName, category: c.category, latest: 0, baseline: 0 };
    cell.districtName ??= c.districtName;
    if (c.month === latestMonth) cell.latest += c.n;
    else cell.baseline += c.n;
    cells.set(id, cell);
  }
  const list = [...cells.values()].sort((a, b) => a.districtCode.localeCompare(b.districtCode) || a.category.localeCompare(b.category));
  const latest = releaseCounts(list.map((c) => ({ key: [c.districtCode, c.category, 'latest'], count: c.latest })), rules).released;
  const totals = releaseCounts(list.map((c) => ({ key: [c.districtCode, c.category, 'baseline'], count: c.baseline })), rules).released;
  const months = monthsWithData.size;
  const minCount = rules ? Math.max(rule.minCount, rules.threshold) : rule.minCount;
  return list.map((c, i) => {
    const l = latest[i];
    const t = totals[i];
    const testable = months >= MIN_HISTORY_MONTHS && l.count !== null && t.count !== null;
    const expected = testable ? t.count! / months : null;
    const pValue = testable ? poissonUpperTail(l.count!, Math.max(expected!, MIN_EXPECTED)) : null;
    const flagged = pValue !== null && pValue < rule.pValue && l.count! >= minCount && l.count! > expected!;
    return { districtCode: c.districtCode, districtName: c.districtName, category: c.category, latest: l, baselineTotal: t, baselineMonths: months, expected, pValue, flagged };
  });
}
