/**
 * Disclosure control for aggregate-level answers: which counts are withheld and what the others
 * become. Small counts (1 to threshold − 1) are withheld, and secondary suppression withholds
 * enough others that no line of the table gives one back by subtraction (src/query/suppression.ts).
 * Every other non-zero count is perturbed by `cellNoise`, keyed on the cell's canonical
 * description, and never released below the threshold. Zero stays zero: no records, nobody to
 * protect.
 */
import { type Cell, suppressCounts } from '../query/suppression.js';
import type { NoiseKey } from './cell-noise.js';

export interface DisclosureRules extends NoiseKey {
  /** Counts below this (and above zero) are withheld. */
  threshold: number;
}

export interface PerturbedCell {
  count: number | null;
  suppressed: boolean;
}

export interface PerturbationReport {
  cells: PerturbedCell[];
  primary: number;
  secondary: number;
}

/**
 * Releases a table of counts; `noiseOf(i)` is cell i's noise (`cellNoise` of its description).
 * `skip(i)` marks cells that will not be shown (they cannot reach the page asked for): their noise
 * is not computed and their count stays as counted, used for ordering only.
 */
export function perturbCounts(cells: readonly Cell[], rules: DisclosureRules, noiseOf: (i: number) => number, skip: (i: number) => boolean = () => false): PerturbationReport {
  const report = suppressCounts(cells, { threshold: rules.threshold, base: 1 });
  return {
    primary: report.primary,
    secondary: report.secondary,
    cells: report.cells.map((c, i) => {
      if (c.suppressed || c.count === null) return { count: null, suppressed: true };
      if (c.count === 0) return { count: 0, suppressed: false };
      if (skip(i)) return { count: c.count, suppressed: false };
      return { count: Math.max(rules.threshold, c.count + noiseOf(i)), suppressed: false };
    }),
  };
}
