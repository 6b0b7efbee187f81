import { cellPredicate } from '../disclosure/cell-predicate.js';
import { cellNoise } from '../disclosure/cell-noise.js';
import { type DisclosureRules, perturbCounts } from '../disclosure/perturbation.js';
import { type Cell, suppressCounts, type SuppressionRules } from '../query/suppression.js';
import type { ReleasedCount } from './analytics.dto.js';

/**
 * How analytics releases counts to a caller with aggregate access: perturbed (the default) keyed
 * on the analysis and its parameters as well as the cell, so the same figure always comes back the
 * same; or the older rounding (the attack tests' control).
 */
export type ReleaseRules = SuppressionRules | (DisclosureRules & { method: 'perturbation'; question: string });

/**
 * Releases a table of counts: unchanged for callers with record access or above to every source
 * (`rules` null), otherwise through the same disclosure control as the query engine (small
 * counts withheld, secondary suppression, and perturbation or rounding), so analytics never
 * reveals what a grouped query would not.
 */
export function releaseCounts(cells: readonly Cell[], rules: ReleaseRules | null): { released: ReleasedCount[]; suppressed: number } {
  if (!rules) return { released: cells.map((c) => ({ count: c.count, suppressed: false })), suppressed: 0 };
  const report =
    'method' in rules
      ? perturbCounts(cells, rules, (i) => cellNoise(rules, cellPredicate([rules.question], [{ field: 'cell', kind: 'values', values: [JSON.stringify(cells[i].key)] }])))
      : suppressCounts(cells, rules);
  return { released: report.cells.map((c) => ({ count: c.count, suppressed: c.suppressed })), suppressed: report.primary + report.secondary };
}
