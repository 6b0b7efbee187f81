import * as Plot from '@observablehq/plot';
import type { Row } from '../data/rows.js';
import { asImage, type ChartOptions, FONT, PALETTE, isSuppressed, labelMargin } from './chart-options.js';

export interface BarChartOptions extends ChartOptions {
  /** The category on the vertical axis (district, crime type…). */
  y: string;
}

/** Horizontal bars, largest first; suppressed categories are labelled instead of drawn. */
export function barChart(data: readonly Row[], options: BarChartOptions) {
  const rows = [...data].sort((a, b) => Number(b[options.value] ?? -1) - Number(a[options.value] ?? -1));
  const labels = rows.map((r) => String(r[options.y] ?? ''));
  const shown = rows.filter((r) => !isSuppressed(r, options));
  const hidden = rows.filter((r) => isSuppressed(r, options));
  const chart = Plot.plot({
    document: options.document,
    width: options.width ?? 720,
    height: options.height ?? Math.max(120, 28 * labels.length + 40),
    marginLeft: labelMargin(labels),
    marginRight: 60,
    style: { fontFamily: FONT, fontSize: '13px' },
    ariaLabel: options.ariaLabel,
    x: { grid: true, label: 'Count', tickFormat: ',' },
    y: { domain: labels, label: null },
    marks: [
      Plot.barX(shown, { x: options.value, y: options.y, fill: PALETTE[0] }),
      Plot.text(shown, { x: options.value, y: options.y, text: (r: Row) => Number(r[options.value]).toLocaleString('en-GB'), textAnchor: 'start', dx: 4 }),
      Plot.text(hidden, { x: 0, y: options.y, text: () => 'suppressed (1–4)', textAnchor: 'start', dx: 4, fill: '#505a5f', fontStyle: 'italic' }),
      Plot.ruleX([0]),
    ],
  });
  return asImage(chart, options.ariaLabel);
}
