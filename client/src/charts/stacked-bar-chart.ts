import * as Plot from '@observablehq/plot';
import type { Row } from '../data/rows.js';
import { asImage, type ChartOptions, FONT, PALETTE, distinct, groupLabel, isSuppressed, monthDomain, monthTicks } from './chart-options.js';
import { monthLabel } from '../data/rows.js';

export interface StackedBarChartOptions extends ChartOptions {
  /** `YYYY-MM` month field, drawn as ordered bands (not guessed dates). */
  x: string;
  /** The field stacked within each bar. */
  series: string;
  /** All months to show, so empty months appear as gaps. Defaults to the months in the data. */
  months?: readonly string[];
}

/** Monthly bars stacked by series, with a legend. */
export function stackedBarChart(data: readonly Row[], options: StackedBarChartOptions) {
  const months = options.months ?? monthDomain(data, options.x);
  const shown = data.filter((r) => !isSuppressed(r, options));
  const chart = Plot.plot({
    document: options.document,
    width: options.width ?? 720,
    height: options.height ?? 380,
    style: { fontFamily: FONT, fontSize: '13px' },
    ariaLabel: options.ariaLabel,
    x: { type: 'band', domain: months, label: null, ticks: monthTicks(months, 8), tickFormat: monthLabel, padding: 0.15 },
    y: { grid: true, label: options.valueLabel ?? 'Count', tickFormat: ',~f' },
    color: { domain: distinct(data, options.series), range: PALETTE, legend: true, label: null },
    marks: [Plot.barY(shown, { x: options.x, y: options.value, fill: (r: Row) => groupLabel(r[options.series]), order: (r: Row) => groupLabel(r[options.series]) }), Plot.ruleY([0])],
  });
  return asImage(chart, options.ariaLabel);
}
