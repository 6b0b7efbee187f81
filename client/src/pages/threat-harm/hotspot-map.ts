import * as Plot from '@observablehq/plot';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { asImage, FONT } from '../../charts/chart-options.js';

/** One hotspot as the map draws it: an LSOA with its released count and change. */
export interface HotspotPoint {
  lsoaCode: string;
  name: string;
  count: number | null;
  suppressed: boolean;
  change: number | null;
}

export interface HotspotMapOptions {
  ariaLabel: string;
  width?: number;
  height?: number;
  /** For rendering outside a browser (tests). */
  document?: Document;
}

type Shape = Feature<Geometry, { name?: string; district?: string }>;
type Placed = Shape & { hotspot: HotspotPoint };

/** Features of a topology object (the geography API's `districts` or `lsoas`). */
export function featuresOf(topology: Topology, object: string): Shape[] {
  const o = topology.objects[object] as GeometryCollection | undefined;
  return o ? (feature(topology, o) as FeatureCollection<Geometry, { name?: string; district?: string }>).features : [];
}

/** LSOA codes of the hotspots that have a shape in the loaded boundaries. */
export function mappedCodes(points: readonly HotspotPoint[], lsoas: Topology): Set<string> {
  const codes = new Set(featuresOf(lsoas, 'lsoas').map((f) => String(f.id)));
  return new Set(points.filter((p) => codes.has(p.lsoaCode)).map((p) => p.lsoaCode));
}

/**
 * Hotspots on a map of the districts that hold them: each LSOA shaded, with a circle at its centre
 * sized by the latest period's count and coloured by the change from the period before (red up,
 * blue down). Withheld counts are small grey circles. LSOAs without a shape in the loaded
 * boundaries (police.uk codes 2021 LSOAs, boundaries may be 2011) are left to the data table.
 */
export function hotspotMap(points: readonly HotspotPoint[], lsoas: Topology, districts: Topology | null, options: HotspotMapOptions) {
  const byCode = new Map(points.map((p) => [p.lsoaCode, p]));
  const placed: Placed[] = featuresOf(lsoas, 'lsoas')
    .filter((f) => byCode.has(String(f.id)))
    .map((f) => ({ ...f, hotspot: byCode.get(String(f.id))! }));
  const involved = new Set(placed.map((f) => f.properties?.district).filter(Boolean));
  const districtShapes = districts ? featuresOf(districts, 'districts') : [];
  const frame = districtShapes.filter((d) => involved.has(String(d.id)));
  const domain: FeatureCollection = { type: 'FeatureCollection', features: frame.length ? frame : placed };
  const released = placed.filter((f) => !f.hotspot.suppressed && f.hotspot.count !== null);
  const withheld = placed.filter((f) => f.hotspot.suppressed || f.hotspot.count === null);
  const swing = Math.max(1, ...released.map((f) => Math.abs(f.hotspot.change ?? 0)));
  const busiest = [...released].sort((a, b) => (b.hotspot.count ?? 0) - (a.hotspot.count ?? 0)).slice(0, 5);
  const describe = (f: Placed) =>
    `${f.hotspot.name}: ${f.hotspot.suppressed ? 'suppressed' : f.hotspot.count}${f.hotspot.change === null ? '' : ` (${f.hotspot.change >= 0 ? '+' : ''}${f.hotspot.change})`}`;
  const chart = Plot.plot({
    document: options.document,
    width: options.width ?? 640,
    height: options.height ?? 480,
    projection: { type: 'mercator', domain, inset: 24 },
    style: { fontFamily: FONT, fontSize: '12px' },
    ariaLabel: options.ariaLabel,
    r: { range: [3, 22] },
    color: { type: 'diverging', scheme: 'rdbu', reverse: true, domain: [-swing, swing], legend: true, label: 'Change from the period before' },
    marks: [
      Plot.geo(districtShapes, { fill: '#f3f2f1', stroke: '#b1b4b6', strokeWidth: 1 }),
      Plot.geo(placed, { fill: '#1d70b8', fillOpacity: 0.15, stroke: '#1d70b8', strokeWidth: 0.5 }),
      Plot.dot(released, Plot.centroid({ r: (f: Placed) => f.hotspot.count, fill: (f: Placed) => f.hotspot.change ?? 0, stroke: '#0b0c0c', strokeWidth: 0.5, title: describe })),
      Plot.dot(withheld, Plot.centroid({ r: 3, fill: '#b1b4b6', stroke: '#505a5f', title: describe })),
      Plot.text(busiest, Plot.centroid({ text: (f: Placed) => f.hotspot.name, dy: -16, fill: '#0b0c0c', stroke: 'white', strokeWidth: 3, paintOrder: 'stroke' })),
    ],
  });
  return asImage(chart, options.ariaLabel);
}
