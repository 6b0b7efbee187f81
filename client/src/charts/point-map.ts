import * as Plot from '@observablehq/plot';
import type { AreaShapes } from '../data/boundaries.js';
import type { Row } from '../data/rows.js';
import { asImage, type ChartOptions, FONT, formatNumber, isSuppressed, numberOf } from './chart-options.js';
import { fittedProjection, mapKey } from './map-options.js';

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
 * Counts at snapped locations, summed into hexagons over the district outlines. A location whose
 * count is withheld is a grey cross (where it is, not how many); rows without a location are
 * left to the data table. The projection is fitted to the points.
 */
export function pointMap(data: readonly Row[], options: PointMapOptions) {
  const located = data.filter((r) => numberOf(r, options.x) !== null && numberOf(r, options.y) !== null);
  const shown = located.filter((r) => !isSuppressed(r, options) && (numberOf(r, options.value) ?? 0) > 0);
  const hidden = located.filter((r) => isSuppressed(r, options));
  const unlocated = data.length - located.length;
  const outlines = options.outlines?.features ?? [];
  const doc = options.document ?? document;
  const domain = located.length
    ? ({ type: 'MultiPoint', coordinates: located.map((r) => [numberOf(r, options.x)!, numberOf(r, options.y)!]) } as const)
    : ({ type: 'FeatureCollection', features: outlines } as const);
  const chart = Plot.plot({
    document: options.document,
    width: options.width ?? 640,
    height: options.height,
    style: { fontFamily: FONT, fontSize: '12px' },
    ariaLabel: options.ariaLabel,
    projection: { ...fittedProjection(domain), inset: 12, clip: 'frame' },
    color: { type: 'sqrt', scheme: 'ylorrd', legend: true, label: 'Count in hexagon' },
    marks: [
      ...(outlines.length ? [Plot.geo(outlines, { fill: '#f8f8f8', stroke: '#6f777b', strokeWidth: 0.8, title: (f) => String(f.properties?.name ?? f.id) })] : []),
      Plot.hexagon(
        shown,
        Plot.hexbin(
          { fill: 'sum', title: (counts: number[]) => `${formatNumber(counts.reduce((s, n) => s + n, 0))} at ${counts.length} ${counts.length === 1 ? 'location' : 'locations'}` },
          { x: options.x, y: options.y, fill: options.value, title: options.value, binWidth: options.binWidth ?? 12, stroke: '#ffffff', strokeWidth: 0.5 },
        ),
      ),
      Plot.dot(hidden, { x: options.x, y: options.y, symbol: 'times', r: 2.5, stroke: '#505a5f', strokeWidth: 1.2, title: () => 'A location with a suppressed count' }),
    ],
  });
  const wrapper = doc.createElement('div');
  wrapper.setAttribute('class', 'app-map');
  wrapper.append(chart, mapKey(doc, [{ swatch: 'cross', text: 'A location whose count is suppressed (1 to 4, or hidden to protect one)' }]));
  if (unlocated > 0) {
    const note = doc.createElement('p');
    note.setAttribute('class', 'govuk-body-s');
    note.textContent = `Records without a location are not on the map; see the data table.`;
    wrapper.append(note);
  }
  return asImage(wrapper, options.ariaLabel);
}
