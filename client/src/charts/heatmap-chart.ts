import * as Plot from '@observablehq/plot';
import type { Row } from '../data/rows.js';
import { asImage, type ChartOptions, FONT, groupLabel, isSuppressed, monthDomain, labelMargin, monthTicks } from './chart-options.js';
import { monthLabel } from '../data/rows.js';

export interface HeatmapChartOptions extends ChartOptions {
  /** `YYYY-MM` month field, as bands. */
  x: string;
  /** The category field on the vertical axis. */
  y: string;
  months?: readonly string[];
}

/** Category × month counts; suppressed cells are grey with an "S" so they read as hidden, not zero. */
export function heatmapChart(data: readonly Row[], options: HeatmapChartOptions) {
  const months = options.months ?? monthDomain(data, options.x);
  const label = (r: Row) => groupLabel(r[options.y]);
  const categories = [...new Set(data.map(label))].sort();
  const shown = data.filter((r) => !isSuppressed(r, options));
  const hidden = data.filter((r) => isSuppressed(r, options));
  const chart = Plot.plot({
    document: options.document,
    width: options.width ?? 720,
    height: options.height ?? Math.max(160, 26 * categories.length + 60),
    marginLeft: labelMargin(categories),
    style: { fontFamily: FONT, fontSize: '13px' },
    ariaLabel: options.ariaLabel,
    x: { type: 'band', domain: months, label: null, ticks: monthTicks(months, 8), tickFormat: monthLabel, padding: 0.05 },
    y: { type: 'band', domain: categories, label: null, padding: 0.05 },
    color: { type: 'linear', scheme: 'blues', legend: true, label: options.valueLabel ?? 'Count', zero: true },
    marks: [
      Plot.cell(shown, { x: options.x, y: label, fill: options.value }),
      Plot.cell(hidden, { x: options.x, y: label, fill: '#b1b4b6' }),
      Plot.text(hidden, { x: options.x, y: label, text: () => 'S', fill: '#0b0c0c' }),
    ],
  });
  return asImage(chart, options.ariaLabel);
}
