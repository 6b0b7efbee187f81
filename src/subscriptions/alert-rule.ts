import { emergingTrends, type TrendRule } from '../analytics/trends.js';
import type { AlertRule } from './view-alert.entity.js';

/** A month's released count of a saved view (null: withheld by disclosure control). */
export interface MonthCount {
  month: string;
  count: number | null;
}

export interface AlertCheck {
  /** The month tested: the latest one with data that has ended; null when there is none. */
  month: string | null;
  fired: boolean;
}

/**
 * Tests a view's latest ended month against an alert. `exceeds`: its released count is above the
 * threshold. `unusual`: the emerging-trend test (Poisson exceedance of the baseline months' mean,
 * src/analytics/trends.ts) says it rises above its usual range. A withheld count never fires: the
 * alert must reveal nothing the released figures do not.
 */
export function checkAlert(series: readonly MonthCount[], currentMonth: string, alert: { rule: AlertRule; threshold: number | null }, trendRule: TrendRule): AlertCheck {
  const ended = series.filter((s) => s.month < currentMonth).sort((a, b) => a.month.localeCompare(b.month));
  const latest = ended.at(-1);
  if (!latest) return { month: null, fired: false };
  if (latest.count === null) return { month: latest.month, fired: false };
  if (alert.rule === 'exceeds') return { month: latest.month, fired: latest.count > (alert.threshold ?? Infinity) };
  const counts = ended.filter((s) => s.count !== null).map((s) => ({ districtCode: 'view', districtName: null, category: 'view', month: s.month, n: s.count! }));
  // The figures are already released by the query engine, so the test releases nothing further.
  const [row] = emergingTrends(counts, latest.month, trendRule, null);
  return { month: latest.month, fired: row?.flagged ?? false };
}
