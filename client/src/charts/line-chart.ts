import * as Plot from '@observablehq/plot';
import type { Row } from '../data/rows.js';
import { asImage, type ChartOptions, FONT, PALETTE, distinct } from './chart-options.js';

export interface LineChartOptions extends ChartOptions {
  /** `YYYY-MM` month field. */
  x: string;
  /** Optional field splitting the data into one line each. */
  series?: string;
  /** Months to shade, e.g. a dashboard's brushed time range (`YYYY-MM`, either end optional). */
  range?: { from?: string; to?: string } | null;
}

/** Parsed here, not guessed by Plot: months become UTC dates on a time axis. */
function monthDate(value: unknown): Date | null {
  const m = /^(\d{4})-(\d{2})/.exec(String(value ?? ''));
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)) : null;
}

/** A trend over months; suppressed points are left out, leaving a gap in the line. */
export function lineChart(data: readonly Row[], options: LineChartOptions) {
  const points = data.map((r) => ({ ...r, __date: monthDate(r[options.x]), __value: typeof r[options.value] === 'number' ? r[options.value] : NaN }));
  const series = options.series;
  const shade = shadedRange(points.map((p) => p.__date).filter((d): d is Date => d !== null), options.range);
  const chart = Plot.plot({
    document: options.document,
    width: options.width ?? 720,
    height: options.height ?? 360,
    marginRight: series ? 140 : 32,
    style: { fontFamily: FONT, fontSize: '13px', overflow: 'visible' },
    ariaLabel: options.ariaLabel,
    x: { type: 'utc', label: null, tickFormat: '%b %Y', ticks: 6 },
    y: { grid: true, label: options.valueLabel ?? 'Count', zero: true, tickFormat: ',~f' },
    color: series ? { domain: distinct(data, series), range: PALETTE } : undefined,
    marks: [
      ...(shade ? [Plot.rectX([shade], { x1: 'x1', x2: 'x2', fill: PALETTE[0], fillOpacity: 0.12 })] : []),
      Plot.ruleY([0]),
      Plot.lineY(points, { x: '__date', y: '__value', z: series, stroke: series ?? PALETTE[0], strokeWidth: 2 }),
      Plot.dot(points, { x: '__date', y: '__value', fill: series ?? PALETTE[0], r: 2.5 }),
      ...(series
        ? [Plot.text(points, Plot.selectLast({ x: '__date', y: '__value', z: series, text: series, fill: series, textAnchor: 'start', dx: 6 }))]
        : []),
    ],
  });
  return asImage(chart, options.ariaLabel);
}

/** The shaded band for a month range: from the first day of `from` to the end of `to`, within the data. */
function shadedRange(dates: Date[], range: LineChartOptions['range']): { x1: Date; x2: Date } | null {
  if (!range || (!range.from && !range.to) || dates.length === 0) return null;
  const times = dates.map((d) => d.getTime());
  const x1 = range.from ? monthDate(range.from) : new Date(Math.min(...times));
  const end = range.to ? monthDate(range.to) : new Date(Math.max(...times));
  if (!x1 || !end) return null;
  return { x1, x2: new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() + 1, 1)) };
}
