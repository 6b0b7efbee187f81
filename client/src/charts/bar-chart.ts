import * as Plot from '@observablehq/plot';
import type { Row } from '../data/rows.js';
import { asImage, type ChartOptions, FONT, PALETTE, groupLabel, isSuppressed, labelMargin } from './chart-options.js';

export interface BarChartOptions extends ChartOptions {
  /** The category on the vertical axis (district, crime type…). */
  y: string;
  /** Tags each row with this field's value (`data-key`) and adds a full-width click target per bar. */
  selectable?: string;
  /** The `selectable` value of the chosen bar: drawn dark, the others light. */
  selected?: string | null;
}

/** Horizontal bars, largest first; suppressed categories are labelled instead of drawn. */
export function barChart(data: readonly Row[], options: BarChartOptions) {
  const rows = [...data].sort((a, b) => Number(b[options.value] ?? -1) - Number(a[options.value] ?? -1));
  const label = (r: Row) => groupLabel(r[options.y]);
  const labels = rows.map(label);
  const shown = rows.filter((r) => !isSuppressed(r, options));
  const hidden = rows.filter((r) => isSuppressed(r, options));
  const key = options.selectable;
  const chosen = key && options.selected != null ? options.selected : null;
  const fill = chosen === null ? PALETTE[0] : (r: Row) => (String(r[key!]) === chosen ? '#003078' : '#5694ca');
  const max = Math.max(1, ...shown.map((r) => Number(r[options.value]) || 0));
  const chart = Plot.plot({
    document: options.document,
    width: options.width ?? 720,
    height: options.height ?? Math.max(120, 28 * labels.length + 40),
    marginLeft: labelMargin(labels),
    marginRight: 60,
    style: { fontFamily: FONT, fontSize: '13px' },
    ariaLabel: options.ariaLabel,
    x: { grid: true, label: options.valueLabel ?? 'Count', tickFormat: ',~f' },
    y: { domain: labels, label: null },
    marks: [
      Plot.barX(shown, { x: options.value, y: label, fill }),
      Plot.text(shown, { x: options.value, y: label, text: (r: Row) => Number(r[options.value]).toLocaleString('en-GB'), textAnchor: 'start', dx: 4 }),
      Plot.text(hidden, { x: 0, y: label, text: () => 'suppressed (1–4)', textAnchor: 'start', dx: 4, fill: '#505a5f', fontStyle: 'italic' }),
      Plot.ruleX([0]),
      // On top, invisible: a click anywhere along a bar's row picks that row.
      ...(key ? [Plot.barX(rows, { x: () => max, y: label, fill: '#ffffff', fillOpacity: 0, render: tagRows(rows, key) })] : []),
    ],
  });
  return asImage(chart, options.ariaLabel);
}

/** A render transform naming each bar by its row's key, so a click can say which row it was. */
function tagRows(rows: readonly Row[], key: string): Plot.RenderFunction {
  return (index, scales, values, dimensions, context, next) => {
    const g = next!(index, scales, values, dimensions, context)!;
    const bars = g.querySelectorAll('rect');
    index.forEach((i, j) => bars[j]?.setAttribute('data-key', String(rows[i]![key] ?? '')));
    g.setAttribute('class', 'app-chart-hit');
    return g;
  };
}
