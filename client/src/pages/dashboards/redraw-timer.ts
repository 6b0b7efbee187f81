/**
 * Measures how long a dashboard takes to redraw after a filter change, with the User Timing API:
 * a mark when the filter changes, and a measure (`csp:filter-redraw`) once every chart the change
 * affects has drawn its new answer. `bench/dashboard-redraw.bench.ts` reads the measures.
 */
export const FILTER_CHANGE_MARK = 'csp:filter-change';
export const FILTER_REDRAW_MEASURE = 'csp:filter-redraw';

let waiting: Map<string, string> | null = null;

/** Called where the user changes the filter, before the URL (and so the charts) change. */
export function filterChanging(): void {
  performance.mark(FILTER_CHANGE_MARK);
  waiting = null;
}

/** The charts that must redraw for this change, each with the state it must reach (its key). */
export function expectRedraws(tiles: Map<string, string>): void {
  if (performance.getEntriesByName(FILTER_CHANGE_MARK, 'mark').length === 0) return;
  waiting = tiles.size ? new Map(tiles) : null;
  if (!waiting) finish(0);
}

/** A chart reports that it has drawn the state `key` (or shown why it could not). */
export function tileDrawn(id: string, key: string): void {
  if (!waiting || waiting.get(id) !== key) return;
  waiting.delete(id);
  if (waiting.size === 0) finish(1);
}

function finish(charts: number): void {
  waiting = null;
  performance.measure(FILTER_REDRAW_MEASURE, { start: FILTER_CHANGE_MARK, detail: { charts } });
  performance.clearMarks(FILTER_CHANGE_MARK);
}
