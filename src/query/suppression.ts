/**
 * Disclosure control for aggregate-level answers (method and reasoning in docs/query.md):
 *
 * 1. Primary suppression: a count from 1 to threshold − 1 is withheld.
 * 2. Secondary suppression: the answer is treated as a table with one dimension per group
 *    column. Along every line of it (the cells that differ in one dimension only, whose sum is
 *    what a question with that dimension dropped would report) a lone withheld cell could be
 *    recovered by subtraction, so the smallest other cell of that line is withheld too; repeated
 *    until no line holds exactly one withheld cell.
 * 3. Rounding: every released count, and every total any other question reports, is rounded to
 *    the nearest multiple of `base`, so a difference between two released figures (a total minus
 *    its visible cells, or the same question with one filter changed) is uncertain by more than
 *    the size of any withheld count.
 */

export interface SuppressionRules {
  /** Counts below this (and above zero) are withheld; 5 withholds 1–4. */
  threshold: number;
  /** Released counts are rounded to a multiple of this. */
  base: number;
}

/** One grouped cell before release: its group values and its true count. */
export interface Cell {
  key: readonly unknown[];
  count: number;
  /**
   * Withheld whatever `count` says: under the small-part rule `count` is the stood-in total, and a
   * cell whose true total is small is withheld all the same.
   */
  small?: boolean;
}

export interface ReleasedCell {
  key: readonly unknown[];
  /** Rounded count, or null when withheld. */
  count: number | null;
  suppressed: boolean;
}

export interface SuppressionReport {
  cells: ReleasedCell[];
  primary: number;
  secondary: number;
}

/**
 * Applies primary and secondary suppression and rounding to a grouped count table. The cells are
 * taken in the order of their keys, not as given: the database returns groups in no fixed order,
 * and secondary suppression breaks ties by order, so the same table must get the same cells
 * withheld however its rows arrive (two patterns for one question would give both partners away).
 */
export function suppressCounts(cells: readonly Cell[], rules: SuppressionRules): SuppressionReport {
  const keys = cells.map((c) => JSON.stringify(c.key));
  const order = cells.map((_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0));
  const report = suppressInOrder(order.map((i) => cells[i]), rules);
  const released = new Array<ReleasedCell>(cells.length);
  order.forEach((i, k) => (released[i] = report.cells[k]));
  return { ...report, cells: released };
}

function suppressInOrder(cells: readonly Cell[], rules: SuppressionRules): SuppressionReport {
  const withheld = cells.map((c) => c.small ?? (c.count > 0 && c.count < rules.threshold));
  const primary = withheld.filter(Boolean).length;
  let secondary = 0;
  const dimensions = cells[0]?.key.length ?? 0;
  const lines = dimensions > 0 ? linesOf(cells, dimensions) : [];
  const linesOfCell = cells.map(() => [] as number[][]);
  for (const line of lines) for (const i of line) linesOfCell[i].push(line);
  for (let changed = primary > 0; changed; ) {
    changed = false;
    for (const line of lines) {
      if (line.length < 2 || line.filter((i) => withheld[i]).length !== 1) continue;
      const partner = bestPartner(line, cells, withheld, linesOfCell);
      if (partner === undefined) continue;
      withheld[partner] = true;
      secondary++;
      changed = true;
    }
  }
  return {
    cells: cells.map((c, i) => ({ key: c.key, count: withheld[i] ? null : roundTo(c.count, rules.base), suppressed: withheld[i] })),
    primary,
    secondary,
  };
}

/** Rounds to the nearest multiple of base (halves up); zero stays zero. */
export function roundTo(n: number, base: number): number {
  return Math.round(n / base) * base;
}

/** For each dimension, the cells grouped by their values in every other dimension. */
function linesOf(cells: readonly Cell[], dimensions: number): number[][] {
  const lines: number[][] = [];
  for (let d = 0; d < dimensions; d++) {
    const byRest = new Map<string, number[]>();
    cells.forEach((c, i) => {
      const rest = JSON.stringify(c.key.filter((_, j) => j !== d));
      const line = byRest.get(rest);
      if (line) line.push(i);
      else byRest.set(rest, [i]);
    });
    lines.push(...byRest.values());
  }
  return lines;
}

/**
 * The open cell of a line to withhold next: one that also completes another line with a single
 * withheld cell if there is one (fewer cells lost), else the smallest.
 */
function bestPartner(line: readonly number[], cells: readonly Cell[], withheld: readonly boolean[], linesOfCell: readonly number[][][]): number | undefined {
  const completesAnother = (i: number) => linesOfCell[i].some((l) => l !== line && l.length > 1 && l.filter((j) => withheld[j]).length === 1);
  let best: number | undefined;
  let bestScore: [number, number] = [Infinity, Infinity];
  for (const i of line) {
    if (withheld[i]) continue;
    const score: [number, number] = [completesAnother(i) ? 0 : 1, cells[i].count];
    if (score[0] < bestScore[0] || (score[0] === bestScore[0] && score[1] < bestScore[1])) {
      best = i;
      bestScore = score;
    }
  }
  return best;
}
