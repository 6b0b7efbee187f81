import { createHash } from 'node:crypto';
import type { FeatureCollection, Geometry } from 'geojson';
import { quantize } from 'topojson-client';
import { topology } from 'topojson-server';
import { presimplify, simplify } from 'topojson-simplify';
import type { Topology } from 'topojson-specification';
import type { AreaFeature } from '../../etl/geography/index.js';

/** One boundary as the API serves it. */
export interface ServedArea {
  code: string;
  name: string;
  /** The district an LSOA lies in (absent for districts). */
  districtCode?: string | null;
  feature: AreaFeature;
}

/**
 * Bumped when the way boundaries are built changes (simplification, quantisation, properties),
 * so clients holding an old copy get a new ETag.
 */
export const BOUNDARY_FORMAT = 1;

/** Width in pixels the simplification is tuned for: a bit more than Explore's chart (720). */
const DRAWN_WIDTH = 1000;

/**
 * A TopoJSON topology of `areas` under `objectName`, simplified for a map `DRAWN_WIDTH` pixels
 * across the areas' own extent: a vertex goes when its Visvalingam triangle is smaller than a
 * pixel. Arcs are shared before simplifying, so neighbours keep meeting exactly. Features have
 * `id` = ONS code and properties `name` (and `district` for LSOAs).
 */
export function boundaryTopology(objectName: string, areas: readonly ServedArea[]): Topology {
  const collection: FeatureCollection<Geometry> = {
    type: 'FeatureCollection',
    features: areas.map((a) => ({
      type: 'Feature',
      id: a.code,
      properties: a.districtCode === undefined ? { name: a.name } : { name: a.name, district: a.districtCode },
      geometry: a.feature.geometry,
    })),
  };
  const joined = topology({ [objectName]: collection }, 1e6);
  const [x0, y0, x1, y1] = joined.bbox ?? [0, 0, 0, 0];
  const pixel = Math.max(x1 - x0, y1 - y0, 1e-6) / DRAWN_WIDTH;
  const simplified = simplify(presimplify(joined as unknown as Parameters<typeof presimplify>[0]), pixel * pixel);
  // A grid four times finer than a pixel: invisible, and small integers delta-encode well.
  return quantize(simplified, DRAWN_WIDTH * 4);
}

/**
 * A short fingerprint of a set of boundaries (codes, names, shapes) and of the format, for
 * ETags: it changes exactly when what would be served changes.
 */
export function geographyVersion(areas: readonly ServedArea[]): string {
  const hash = createHash('sha256').update(`format ${BOUNDARY_FORMAT}\n`);
  for (const a of areas) hash.update(JSON.stringify([a.code, a.name, a.districtCode ?? null, a.feature.geometry])).update('\n');
  return hash.digest('hex').slice(0, 16);
}
