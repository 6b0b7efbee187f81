import * as Plot from '@observablehq/plot';
import type { MultiPoint } from 'geojson';
import type { AreaShapes } from '../data/boundaries.js';
import type { Row } from '../data/rows.js';
import { asImage, type ChartOptions, FONT, formatNumber, isSuppressed, numberOf } from './chart-options.js';
import { fittedProjection, MAP_HEIGHT, mapKey } from './map-options.js';

export interface PointMapOptions extends ChartOptions {
  /** Longitude field of the snapped point. */
  x: string;
  /** Latitude field of the snapped point. */
  y: string;
  /** District outlines under the hexagons, when the hub has boundaries. */
  outlines?: AreaShapes | null;
  /** Hexagon width in pixels. */
  binWidth?: number;
}

/**
 * Counts at snapped locations, summed into hexagons over the district outlines. Hexagons holding
 * only locations whose counts are withheld are grey (they say where, not how many); a hexagon
 * with any released count is coloured by the released total. Rows without a location are left to
 * the data table. The projection is fitted to the points.
 */
export function pointMap(data: readonly Row[], options: PointMapOptions) {
  const located = data.filter((r) => numberOf(r, options.x) !== null && numberOf(r, options.y) !== null);
  const shown = located.filter((r) => !isSuppressed(r, options) && (numberOf(r, options.value) ?? 0) > 0);
  const hidden = located.filter((r) => isSuppressed(r, options));
  const unlocated = data.length - located.length;
  const outlines = options.outlines?.features ?? [];
  const doc = options.document ?? document;
  const binWidth = options.binWidth ?? 12;
  const domain = located.length ? pointsExtent(located.map((r) => [numberOf(r, options.x)!, numberOf(r, options.y)!])) : outlines.length ? options.outlines! : null;
  const places = (n: number) => `${n} ${n === 1 ? 'location' : 'locations'}`;
  const chart = Plot.plot({
    document: options.document,
    width: options.width ?? 640,
    // Fixed, so a tall area (one district alone) is fitted inside rather than drawn ever taller.
    height: options.height ?? MAP_HEIGHT,
    style: { fontFamily: FONT, fontSize: '12px' },
    ariaLabel: options.ariaLabel,
    projection: { ...fittedProjection(domain ?? undefined), inset: 12, clip: 'frame' },
    // Pale yellow to dark red, never as pale as the land, so a small count still shows.
    color: { type: 'sqrt', range: ['#fed976', '#800026'], interpolate: 'hcl', legend: true, label: 'Count in hexagon', zero: true },
    marks: [
      ...(outlines.length ? [Plot.geo(outlines, { fill: '#f8f8f8', stroke: '#6f777b', strokeWidth: 0.8, title: (f) => String(f.properties?.name ?? f.id) })] : []),
      Plot.hexagon(hidden, Plot.hexbin({ title: (rows: unknown[]) => `${places(rows.length)} with suppressed counts` }, { x: options.x, y: options.y, title: options.x, binWidth, fill: WITHHELD_FILL, stroke: '#ffffff', strokeWidth: 0.5 })),
      Plot.hexagon(
        shown,
        Plot.hexbin(
          { fill: 'sum', title: (counts: number[]) => `${formatNumber(counts.reduce((s, n) => s + n, 0))} at ${places(counts.length)}` },
          { x: options.x, y: options.y, fill: options.value, title: options.value, binWidth, stroke: '#ffffff', strokeWidth: 0.5 },
        ),
      ),
    ],
  });
  const wrapper = doc.createElement('div');
  wrapper.setAttribute('class', 'app-map');
  const key = hidden.length ? [{ swatch: 'withheld' as const, text: 'Only locations whose counts are suppressed (1 to 4, or hidden to protect one); hexagons with a released count show that count' }] : [];
  wrapper.append(chart, ...(key.length ? [mapKey(doc, key)] : []));
  if (unlocated > 0) {
    const note = doc.createElement('p');
    note.setAttribute('class', 'govuk-body-s');
    note.textContent = 'Records without a location are not on the map; see the data table.';
    wrapper.append(note);
  }
  return asImage(wrapper, options.ariaLabel);
}

/** Hexagons holding only withheld locations. */
const WITHHELD_FILL = '#b1b4b6';

/** Corners of the points' extent, at least 0.02° (about 2 km) each way so one point is not a degenerate domain. */
function pointsExtent(points: readonly [number, number][]) {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of points) [w, s, e, n] = [Math.min(w, x), Math.min(s, y), Math.max(e, x), Math.max(n, y)];
  const padX = Math.max(0, 0.02 - (e - w)) / 2;
  const padY = Math.max(0, 0.02 - (n - s)) / 2;
  const extent: MultiPoint = { type: 'MultiPoint', coordinates: [[w - padX, s - padY], [e + padX, n + padY]] };
  return extent;
}
