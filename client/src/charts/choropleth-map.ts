import * as Plot from '@observablehq/plot';
import type { AreaShape, AreaShapes } from '../data/boundaries.js';
import type { Row } from '../data/rows.js';
import { asImage, type ChartOptions, FONT, formatNumber, isSuppressed } from './chart-options.js';
import { fittedProjection, HATCHED_CLASS, hatchSuppressed, MAP_HEIGHT, mapKey, NO_DATA_FILL, OUTLINE } from './map-options.js';

export interface ChoroplethOptions extends ChartOptions {
  /** Field holding the area's ONS code (district_code, lsoa_code). */
  area: string;
  /** Field holding the area's name; the boundary's own name is used when absent. */
  name?: string;
  /** The areas to shade: the districts, or LSOAs (which carry their district). */
  shapes: AreaShapes;
  /** District outlines drawn over LSOAs. */
  outlines?: AreaShapes | null;
  /** "district", "ward" or "LSOA", for the key. */
  areaLabel: string;
  /**
   * LSOA maps: shade by the IMD decile of each LSOA (`deprivation`) or by the measure and the
   * decile together (`bivariate`), from `deciles` (2011 LSOA code → decile). Default: the measure.
   */
  layer?: '' | 'deprivation' | 'bivariate';
  deciles?: ReadonlyMap<string, number>;
}

/** IMD deciles, 1 = most deprived: darkest. */
const DECILE_COLOURS = ['#3f007d', '#54278f', '#6a51a3', '#807dba', '#9e9ac8', '#bcbddc', '#dadaeb', '#e7e6f1', '#efedf5', '#fcfbfd'];

/**
 * The 3 × 3 bivariate palette: rows by deprivation (most deprived deciles 1–3, 4–7, least 8–10),
 * columns by the measure's third among the areas drawn (low, middle, high). Dark purple is "high
 * and most deprived"; hues stay distinguishable for the common colour-vision deficiencies.
 */
const BIVARIATE = [
  ['#be64ac', '#8c62aa', '#3b4994'],
  ['#dfb0d6', '#a5add3', '#5698b9'],
  ['#e8e8e8', '#ace4e4', '#5ac8c8'],
];
const DEPRIVATION_BANDS = ['most deprived (deciles 1–3)', 'middle (deciles 4–7)', 'least deprived (deciles 8–10)'];
const MEASURE_BANDS = ['low', 'middle', 'high'];

function deprivationBand(decile: number): number {
  return decile <= 3 ? 0 : decile <= 7 ? 1 : 2;
}

const SUPPRESSED_TEXT = 'suppressed (a count from 1 to 4, or hidden to protect one)';

/**
 * Areas shaded by count, on a projection fitted to what is drawn. LSOA maps show the districts
 * that hold any LSOA in the answer, with every LSOA of those districts (blank ones had no
 * records). Suppressed areas are hatched; each area's title gives its name and value; a key under
 * the map explains the hatching and lists answers without a shape (e.g. newer LSOA codes).
 */
export function choroplethMap(data: readonly Row[], options: ChoroplethOptions) {
  const byCode = new Map(data.map((r) => [String(r[options.area]), r]));
  const all = options.shapes.features;
  const matched = all.filter((f) => byCode.has(String(f.id)));
  const districts = new Set(matched.map((f) => f.properties?.district).filter((d): d is string => typeof d === 'string'));
  const drawn = districts.size ? all.filter((f) => districts.has(String(f.properties?.district))) : all;
  const outlines = (options.outlines?.features ?? []).filter((d) => districts.size === 0 || districts.has(String(d.id)));
  const rowOf = (f: AreaShape) => byCode.get(String(f.id));
  const valued = drawn.filter((f) => rowOf(f) && !isSuppressed(rowOf(f)!, options) && typeof rowOf(f)![options.value] === 'number');
  const hidden = drawn.filter((f) => rowOf(f) && isSuppressed(rowOf(f)!, options));
  const empty = drawn.filter((f) => !rowOf(f) || (!isSuppressed(rowOf(f)!, options) && typeof rowOf(f)![options.value] !== 'number'));
  const nameOf = (f: AreaShape) => String((options.name && rowOf(f)?.[options.name]) || f.properties?.name || f.id);
  const valueOf = (f: AreaShape) => rowOf(f)![options.value] as number;
  const max = Math.max(1, ...valued.map(valueOf));
  const doc = options.document ?? document;
  const valueLabel = options.valueLabel ?? 'Count';
  const layer = options.layer && options.deciles ? options.layer : '';
  const decileOf = (f: AreaShape) => options.deciles?.get(String(f.id));
  const measureMarks = () => [
    Plot.geo(valued, { fill: valueOf, stroke: OUTLINE, strokeWidth: 0.6, title: (f: AreaShape) => `${nameOf(f)}: ${formatNumber(valueOf(f))}` }),
    Plot.geo(hidden, { fill: NO_DATA_FILL, stroke: OUTLINE, strokeWidth: 0.6, className: HATCHED_CLASS, title: (f: AreaShape) => `${nameOf(f)}: ${SUPPRESSED_TEXT}` }),
    Plot.geo(empty, { fill: NO_DATA_FILL, stroke: '#b1b4b6', strokeWidth: 0.6, title: (f: AreaShape) => `${nameOf(f)}: no records` }),
  ];
  let color: Plot.ScaleOptions | undefined;
  let marks: Plot.Markish[];
  let legend: Element | null = null;
  if (layer === 'deprivation') {
    // Public reference data: every drawn LSOA has its decile, whatever the answer withheld.
    const known = drawn.filter((f) => decileOf(f) !== undefined);
    color = { type: 'ordinal', domain: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], range: DECILE_COLOURS, legend: true, label: 'IMD 2019 decile (1 = most deprived)' };
    marks = [
      Plot.geo(known, { fill: (f: AreaShape) => decileOf(f), stroke: OUTLINE, strokeWidth: 0.6, title: (f: AreaShape) => `${nameOf(f)}: deprivation decile ${decileOf(f)}` }),
      Plot.geo(drawn.filter((f) => decileOf(f) === undefined), { fill: NO_DATA_FILL, stroke: '#b1b4b6', strokeWidth: 0.6, title: (f: AreaShape) => `${nameOf(f)}: decile not known` }),
    ];
  } else if (layer === 'bivariate') {
    // Thirds of the measure among the areas drawn with a value (ties go to the lower third).
    const sorted = valued.map(valueOf).sort((a, b) => a - b);
    const cut = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    const [low, high] = [cut(1 / 3), cut(2 / 3)];
    const third = (v: number) => (v <= low ? 0 : v <= high ? 1 : 2);
    const both = valued.filter((f) => decileOf(f) !== undefined);
    const fillOf = (f: AreaShape) => BIVARIATE[deprivationBand(decileOf(f)!)][third(valueOf(f))];
    marks = [
      Plot.geo(both, {
        fill: fillOf,
        stroke: OUTLINE,
        strokeWidth: 0.6,
        title: (f: AreaShape) => `${nameOf(f)}: ${formatNumber(valueOf(f))} (${MEASURE_BANDS[third(valueOf(f))]}), deprivation decile ${decileOf(f)}`,
      }),
      Plot.geo(valued.filter((f) => decileOf(f) === undefined), { fill: NO_DATA_FILL, stroke: '#b1b4b6', strokeWidth: 0.6, title: (f: AreaShape) => `${nameOf(f)}: ${formatNumber(valueOf(f))}, deprivation decile not known` }),
      ...measureMarks().slice(1),
    ];
    legend = bivariateKey(doc, valueLabel, sorted.length ? [low, high] : null);
  } else {
    // Square-root scale (counts are skewed: a few busy centres), from a blue darker than the grey
    // of "no records" so a small count never reads as none.
    color = { type: 'sqrt', range: ['#c6dbef', '#08306b'], interpolate: 'hcl', domain: [0, max], legend: true, label: valueLabel };
    marks = measureMarks();
  }

  const chart = Plot.plot({
    document: options.document,
    width: options.width ?? 640,
    // Fixed, so a tall area (one district alone) is fitted inside rather than drawn ever taller.
    height: options.height ?? MAP_HEIGHT,
    style: { fontFamily: FONT, fontSize: '12px' },
    ariaLabel: options.ariaLabel,
    projection: fittedProjection({ type: 'FeatureCollection', features: drawn }),
    ...(color ? { color } : {}),
    marks: [...marks, ...(outlines.length ? [Plot.geo(outlines, { fill: 'none', stroke: '#0b0c0c', strokeWidth: 1.2 })] : [])],
  });
  for (const svg of chart.tagName.toLowerCase() === 'svg' ? [chart] : [...chart.querySelectorAll('svg')]) {
    if (/^plot-[a-z0-9]+$/.test(svg.getAttribute('class') ?? '')) hatchSuppressed(svg);
  }
  const codes = new Set(all.map((f) => String(f.id)));
  const missing = data.filter((r) => r[options.area] && !codes.has(String(r[options.area]))).length;
  const wrapper = doc.createElement('div');
  wrapper.setAttribute('class', 'app-map');
  const key = [
    ...(hidden.length && layer !== 'deprivation' ? [{ swatch: 'hatched' as const, text: SUPPRESSED_TEXT[0].toUpperCase() + SUPPRESSED_TEXT.slice(1) }] : []),
    ...(empty.length && layer !== 'deprivation' ? [{ swatch: 'none' as const, text: `No records in this ${options.areaLabel}` }] : []),
  ];
  wrapper.append(...(legend ? [legend] : []), chart, ...(key.length ? [mapKey(doc, key)] : []));
  if (missing > 0) {
    const note = doc.createElement('p');
    note.setAttribute('class', 'govuk-body-s');
    note.textContent = `${missing} ${missing === 1 ? `${options.areaLabel} in the answer has` : `${options.areaLabel}s in the answer have`} no shape in the loaded boundaries (for example a newer LSOA code); see the data table.`;
    wrapper.append(note);
  }
  return asImage(wrapper, options.ariaLabel);
}

/**
 * The key of a bivariate map: the 3 × 3 grid of colours as a small SVG (measure thirds across,
 * deprivation bands down), with the thirds' upper bounds so the reader knows what "high" means.
 */
function bivariateKey(doc: Document, valueLabel: string, cuts: [number, number] | null): Element {
  const ns = 'http://www.w3.org/2000/svg';
  const cell = 22;
  const left = 190;
  const top = 18;
  const svg = doc.createElementNS(ns, 'svg');
  const width = left + 3 * cell + 160;
  const height = top + 3 * cell + 34;
  for (const [k, v] of Object.entries({ width: String(width), height: String(height), viewBox: `0 0 ${width} ${height}`, class: 'app-bivariate-key', 'font-family': FONT, 'font-size': '12' })) svg.setAttribute(k, v);
  const text = (x: number, y: number, content: string, anchor = 'start') => {
    const t = doc.createElementNS(ns, 'text');
    for (const [k, v] of Object.entries({ x: String(x), y: String(y), 'text-anchor': anchor, fill: '#0b0c0c' })) t.setAttribute(k, v);
    t.textContent = content;
    svg.append(t);
  };
  text(left, 12, `${valueLabel}, in thirds`);
  BIVARIATE.forEach((row, r) => {
    text(left - 6, top + r * cell + 15, DEPRIVATION_BANDS[r], 'end');
    row.forEach((fill, c) => {
      const rect = doc.createElementNS(ns, 'rect');
      for (const [k, v] of Object.entries({ x: String(left + c * cell), y: String(top + r * cell), width: String(cell - 2), height: String(cell - 2), fill })) rect.setAttribute(k, v);
      svg.append(rect);
    });
  });
  text(left, top + 3 * cell + 14, 'low → high');
  const bands = cuts ? [`up to ${formatNumber(cuts[0])}`, `up to ${formatNumber(cuts[1])}`, `over ${formatNumber(cuts[1])}`] : ['', '', ''];
  MEASURE_BANDS.forEach((b, c) => text(left + 3 * cell + 8, top + c * cell + 15, `${b}${bands[c] ? `: ${bands[c]}` : ''}`));
  return svg;
}
