import { type Cell, suppressCounts, type SuppressionRules } from '../query/suppression.js';
import type { ReleasedCount } from './analytics.dto.js';

/**
 * Releases a table of counts: unchanged for callers with record access or above to every source
 * (`rules` null), otherwise through the query engine's disclosure control (primary and secondary
 * suppression and rounding), so analytics never reveals what a grouped query would not.
 */
export function releaseCounts(cells: readonly Cell[], rules: SuppressionRules | null): { released: ReleasedCount[]; suppressed: number } {
  if (!rules) return { released: cells.map((c) => ({ count: c.count, suppressed: false })), suppressed: 0 };
  const report = suppressCounts(cells, rules);
  return { released: report.cells.map((c) => ({ count: c.count, suppressed: c.suppressed })), suppressed: report.primary + report.secondary };
}
