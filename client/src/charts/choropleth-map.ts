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
  /** "district" or "LSOA", for the key. */
  areaLabel: string;
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

  const chart = Plot.plot({
    document: options.document,
    width: options.width ?? 640,
    // Fixed, so a tall area (one district alone) is fitted inside rather than drawn ever taller.
    height: options.height ?? MAP_HEIGHT,
    style: { fontFamily: FONT, fontSize: '12px' },
    ariaLabel: options.ariaLabel,
    projection: fittedProjection({ type: 'FeatureCollection', features: drawn }),
    // Square-root scale (counts are skewed: a few busy centres), from a blue darker than the grey
    // of "no records" so a small count never reads as none.
    color: { type: 'sqrt', range: ['#c6dbef', '#08306b'], interpolate: 'hcl', domain: [0, max], legend: true, label: 'Count' },
    marks: [
      Plot.geo(valued, { fill: valueOf, stroke: OUTLINE, strokeWidth: 0.6, title: (f: AreaShape) => `${nameOf(f)}: ${formatNumber(valueOf(f))}` }),
      Plot.geo(hidden, { fill: NO_DATA_FILL, stroke: OUTLINE, strokeWidth: 0.6, className: HATCHED_CLASS, title: (f: AreaShape) => `${nameOf(f)}: ${SUPPRESSED_TEXT}` }),
      Plot.geo(empty, { fill: NO_DATA_FILL, stroke: '#b1b4b6', strokeWidth: 0.6, title: (f: AreaShape) => `${nameOf(f)}: no records` }),
      ...(outlines.length ? [Plot.geo(outlines, { fill: 'none', stroke: '#0b0c0c', strokeWidth: 1.2 })] : []),
    ],
  });
  for (const svg of chart.tagName.toLowerCase() === 'svg' ? [chart] : [...chart.querySelectorAll('svg')]) {
    if (/^plot-[a-z0-9]+$/.test(svg.getAttribute('class') ?? '')) hatchSuppressed(svg);
  }
  const codes = new Set(all.map((f) => String(f.id)));
  const missing = data.filter((r) => r[options.area] && !codes.has(String(r[options.area]))).length;
  const wrapper = doc.createElement('div');
  wrapper.setAttribute('class', 'app-map');
  const key = [
    ...(hidden.length ? [{ swatch: 'hatched' as const, text: SUPPRESSED_TEXT[0].toUpperCase() + SUPPRESSED_TEXT.slice(1) }] : []),
    ...(empty.length ? [{ swatch: 'none' as const, text: `No records in this ${options.areaLabel}` }] : []),
  ];
  wrapper.append(chart, ...(key.length ? [mapKey(doc, key)] : []));
  if (missing > 0) {
    const note = doc.createElement('p');
    note.setAttribute('class', 'govuk-body-s');
    note.textContent = `${missing} ${missing === 1 ? `${options.areaLabel} in the answer has` : `${options.areaLabel}s in the answer have`} no shape in the loaded boundaries (for example a newer LSOA code); see the data table.`;
    wrapper.append(note);
  }
  return asImage(wrapper, options.ariaLabel);
}
