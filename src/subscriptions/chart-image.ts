import * as Plot from '@observablehq/plot';
import { Resvg } from '@resvg/resvg-js';
import { parseHTML } from 'linkedom';
import type { QueryResult } from '../query/query-result.js';
import { SUPPRESSED_COLUMN } from '../query/query-result.js';
import type { ViewChart } from '../views/saved-view.entity.js';

/** A chart drawn on the server for an email: the SVG, the PNG made from it, and words for its alt text. */
export interface ChartImage {
  svg: string;
  png: Buffer;
  alt: string;
}

const WIDTH = 640;
const BLUE = '#1d70b8';
const FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';
const MAX_BARS = 25;
const MAX_SERIES = 8;

type Row = Record<string, unknown>;

/** The little of the DOM (linkedom's) this file reads back from a drawn plot; the server has no DOM types. */
interface Element {
  tagName: string;
  outerHTML: string;
  textContent: string | null;
  querySelector(selector: string): Element | null;
  querySelectorAll(selector: string): Iterable<Element>;
  getAttribute(name: string): string | null;
}

/**
 * Draws a saved view's answer as Explore would, simplified for email: a line per month when the
 * answer is by month, otherwise bars by its first grouping. Only the released figures are drawn:
 * a withheld cell (null) is left out, never shown as a number. Null when there is nothing to draw
 * (a table view, records, or no released figure at all).
 */
export function renderChart(result: QueryResult, chart: ViewChart, title: string): ChartImage | null {
  if (result.meta.kind !== 'aggregate' || chart.type === 'table') return null;
  const rows = rowsOf(result);
  const value = valueColumn(result);
  if (!value) return null;
  const drawn = rows.filter((r) => typeof r[value.name] === 'number' && r[SUPPRESSED_COLUMN] !== true);
  if (drawn.length === 0) return null;
  const month = result.columns.find((c) => c.name === 'month');
  const group = groupColumn(result);
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const style = { fontFamily: FONT, fontSize: '12px', background: 'white', color: '#0b0c0c' };
  let figure: Element;
  let alt: string;
  if (month) {
    const series = group ? topGroups(drawn, group.name, value.name, MAX_SERIES) : null;
    // Withheld months stay in the line's data as gaps, so the line breaks instead of bridging them.
    const data = rows.filter((r) => !series || series.has(String(r[group!.name]))).map((r) => ({ ...r, [value.name]: released(r, value.name), _month: toDate(String(r.month)) }));
    const months = new Set(data.map((r) => String(r.month))).size;
    figure = Plot.plot({
      document, width: WIDTH, height: 320, marginLeft: 50, marginRight: 40, style,
      x: { type: 'utc', label: null, ticks: months <= 12 ? 'month' : months <= 36 ? '3 months' : 'year', tickFormat: months <= 36 ? '%b %Y' : '%Y' },
      y: { grid: true, label: value.label, zero: true },
      color: series ? { legend: true, range: PALETTE } : undefined,
      marks: [Plot.ruleY([0]), Plot.lineY(data, { x: '_month', y: value.name, z: series ? group!.name : undefined, stroke: series ? group!.name : BLUE, strokeWidth: 2 }), Plot.dot(data, { x: '_month', y: value.name, fill: series ? group!.name : BLUE, r: 2.5 })],
    }) as unknown as Element;
    alt = `${title}: line chart of ${value.label.toLowerCase()} per month${series ? ` by ${group!.label.toLowerCase()}` : ''}`;
  } else if (group) {
    const data = [...drawn].sort((a, b) => (b[value.name] as number) - (a[value.name] as number)).slice(0, MAX_BARS);
    figure = Plot.plot({
      document, width: WIDTH, height: 40 + data.length * 22, marginLeft: 170, style,
      x: { grid: true, label: value.label }, y: { label: null, domain: data.map((r) => String(r[group.name])) },
      marks: [Plot.barX(data, { x: value.name, y: (r: Row) => String(r[group.name]), fill: BLUE }), Plot.ruleX([0])],
    }) as unknown as Element;
    alt = `${title}: bar chart of ${value.label.toLowerCase()} by ${group.label.toLowerCase()}`;
  } else {
    return null;
  }
  const svg = asStandaloneSvg(figure);
  return { svg, png: toPng(svg), alt };
}

/** Converts an SVG to PNG with resvg, using the machine's fonts. */
export function toPng(svg: string): Buffer {
  const rendered = new Resvg(svg, { background: 'white', fitTo: { mode: 'zoom', value: 1.5 }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render();
  return Buffer.from(rendered.asPng());
}

const PALETTE = ['#1d70b8', '#d4351c', '#00703c', '#f47738', '#4c2c92', '#b58840', '#28a197', '#912b88'];

function rowsOf(result: QueryResult): Row[] {
  return Array.from({ length: result.rowCount }, (_, i) => Object.fromEntries(result.columns.map((c, j) => [c.name, result.values[j]?.[i]])));
}

/** The measure drawn: a rate when the view shows one, else the count, else the first numeric measure. */
function valueColumn(result: QueryResult) {
  const numeric = result.columns.filter((c) => (c.type === 'integer' || c.type === 'double') && c.name !== 'month' && c.name !== 'imd_decile');
  return numeric.find((c) => c.name === 'rate_per_1000') ?? numeric.find((c) => c.name === 'count') ?? numeric.at(-1) ?? null;
}

/** The grouping that names each bar or line: a name rather than its code. */
function groupColumn(result: QueryResult) {
  const text = result.columns.filter((c) => c.type === 'text' && c.name !== 'month');
  return text.find((c) => !c.name.endsWith('_code')) ?? text[0] ?? null;
}

function topGroups(rows: Row[], group: string, value: string, n: number): Set<string> {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(String(r[group]), (totals.get(String(r[group])) ?? 0) + (r[value] as number));
  return new Set([...totals].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k]) => k));
}

/** A cell's figure, or undefined when withheld (Plot leaves undefined out, breaking a line there). */
function released(r: Row, value: string): number | undefined {
  return typeof r[value] === 'number' && r[SUPPRESSED_COLUMN] !== true ? (r[value] as number) : undefined;
}

function toDate(month: string): Date {
  return new Date(`${month.slice(0, 7)}-01T00:00:00Z`);
}

/** Plot returns a figure (with a legend) or a bare SVG; email wants one standalone SVG. */
function asStandaloneSvg(figure: Element): string {
  const svgs = figure.tagName.toLowerCase() === 'svg' ? [figure] : [...figure.querySelectorAll('svg')];
  const main = svgs.at(-1)!;
  const legend = figure.tagName.toLowerCase() === 'svg' ? null : legendOf(figure);
  let svg = main.outerHTML;
  if (!svg.includes('xmlns="http://www.w3.org/2000/svg"')) svg = svg.replace('<svg', '<svg xmlns="http://www.w3.org/2000/svg"');
  return legend ? addLegend(svg, legend) : svg;
}

/** The swatch legend Plot writes as HTML, read back as labels and colours. */
function legendOf(figure: Element): { label: string; colour: string }[] | null {
  const swatches = [...figure.querySelectorAll('span')].filter((s) => s.querySelector('svg'));
  if (swatches.length === 0) return null;
  return swatches.map((s) => ({ label: s.textContent?.trim() ?? '', colour: s.querySelector('svg')?.getAttribute('fill') ?? s.querySelector('rect')?.getAttribute('fill') ?? BLUE }));
}

/** Appends a legend below the chart, in SVG, since the email has only the image. */
function addLegend(svg: string, items: { label: string; colour: string }[]): string {
  const height = Number(/height="(\d+)"/.exec(svg)?.[1] ?? 320);
  const rows = Math.ceil(items.length / 3);
  const total = height + 10 + rows * 20;
  const marks = items
    .map((item, i) => {
      const x = 10 + (i % 3) * 210;
      const y = height + 10 + Math.floor(i / 3) * 20;
      return `<rect x="${x}" y="${y}" width="12" height="12" fill="${escapeXml(item.colour)}"/><text x="${x + 18}" y="${y + 10}" font-size="12" text-anchor="start" fill="#0b0c0c">${escapeXml(item.label.slice(0, 28))}</text>`;
    })
    .join('');
  return svg
    .replace(/height="\d+"/, `height="${total}"`)
    .replace(/viewBox="0 0 (\d+) \d+"/, `viewBox="0 0 $1 ${total}"`)
    .replace(/<\/svg>$/, `<g font-family="${FONT}">${marks}</g></svg>`);
}

function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}
