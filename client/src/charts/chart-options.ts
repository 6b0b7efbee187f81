import { monthRange, type Row } from '../data/rows.js';

/** Options every chart takes. */
export interface ChartOptions {
  /** Field holding the number to draw (e.g. "count"). */
  value: string;
  /** The value's axis or legend label; "Count" unless the measure is another. */
  valueLabel?: string;
  /** Short text alternative for screen readers; the visible caption is the figure's. */
  ariaLabel: string;
  width?: number;
  height?: number;
  /** For rendering outside a browser (tests): a DOM document such as linkedom's. */
  document?: Document;
  /** Field that marks a suppressed cell (value null plus this true), as the query engine sends it. */
  suppressed?: string;
}

/** GOV.UK colours, in an order where neighbours differ in lightness as well as hue. */
export const PALETTE = ['#1d70b8', '#f47738', '#00703c', '#4c2c92', '#d4351c', '#28a197', '#912b88', '#85994b', '#b58840', '#505a5f', '#003078', '#ffdd00'];

export const FONT = 'arial, sans-serif';

/** The query engine's marker column for withheld counts. */
export const SUPPRESSED_FIELD = 'suppressed';

export function isSuppressed(row: Row, options: Pick<ChartOptions, 'value' | 'suppressed'>): boolean {
  const flag = options.suppressed ?? SUPPRESSED_FIELD;
  return row[flag] === true || (row[options.value] === null && flag in row);
}

/**
 * Plot labels its mark groups with aria-label, which axe rejects on elements without a role.
 * The chart is one image whose text alternative is its caption and data table, so the SVG gets
 * role="img" and its label, and the inner labels go.
 */
export function asImage<T extends Element>(chart: T, label: string): T {
  const svgs = chart.tagName.toLowerCase() === 'svg' ? [chart] : [...chart.querySelectorAll('svg')];
  for (const svg of svgs) {
    // The plot itself has class "plot-<hash>"; legends (ramps, swatches) have another class or none.
    if (/^plot-[a-z0-9]+$/.test(svg.getAttribute('class') ?? '')) {
      svg.setAttribute('role', 'img');
      svg.setAttribute('aria-label', label);
      for (const g of svg.querySelectorAll('[aria-label]')) g.removeAttribute('aria-label');
      for (const g of svg.querySelectorAll('[aria-description]')) g.removeAttribute('aria-description');
    } else {
      // A colour legend: its values are in the data table, so it is hidden from screen readers.
      svg.setAttribute('aria-hidden', 'true');
    }
  }
  return chart;
}

export function numberOf(row: Row, field: string): number | null {
  const v = row[field];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Distinct values of a field, in first-seen order. */
/** How a group with no value (rows without a district, say) is named on an axis or in a legend. */
export const NOT_KNOWN = 'Not known';

/** A group value as an axis or legend shows it: empty and missing values are "Not known", not blank. */
export function groupLabel(value: unknown): string {
  return value === null || value === undefined || value === '' ? NOT_KNOWN : String(value);
}

/** The group labels of `field`, in first-seen order. */
export function distinct(rows: readonly Row[], field: string): string[] {
  return [...new Set(rows.map((r) => groupLabel(r[field])))];
}

/** Rough left margin for horizontal labels, so long area names are not clipped. */
export function labelMargin(labels: readonly string[], min = 40, max = 220): number {
  const longest = labels.reduce((n, l) => Math.max(n, l.length), 0);
  return Math.max(min, Math.min(max, Math.round(longest * 7) + 16));
}

/** Every nth month as a tick, so a long band axis stays legible. */
/**
 * The x domain of a month axis: every month from the data's first to its last (`YYYY-MM` values of
 * `field`), so that a month with no rows is a gap rather than missing and years apart never sit
 * side by side. When the values are not all months (a heatmap of two groupings), they are sorted.
 */
export function monthDomain(rows: readonly Row[], field: string): string[] {
  // Rows without a month (a dataset with no dates) have no place on a month axis.
  const values = [...new Set(rows.flatMap((r) => (r[field] === null || r[field] === undefined || r[field] === '' ? [] : [String(r[field])])))].sort();
  if (values.length === 0 || !values.every((v) => /^\d{4}-(0[1-9]|1[0-2])$/.test(v))) return values;
  return monthRange(values[0], values[values.length - 1]);
}

export function monthTicks(months: readonly string[], maxTicks = 12): string[] {
  const step = Math.max(1, Math.ceil(months.length / maxTicks));
  return months.filter((_, i) => i % step === 0);
}

export function formatNumber(n: unknown): string {
  return typeof n === 'number' ? n.toLocaleString('en-GB') : '';
}
