import type { Feature, Polygon } from 'geojson';
import type { AreaFeature } from './winding.js';

/**
 * A square in d3-geo's winding (clockwise when drawn with north up), corners in degrees.
 * `counterClockwise` gives the RFC 7946 order that d3 would misread.
 */
export function square(west: number, south: number, size: number, properties: Record<string, unknown> = {}, counterClockwise = false): AreaFeature {
  const e = west + size;
  const n = south + size;
  const ring = [
    [west, south],
    [west, n],
    [e, n],
    [e, south],
    [west, south],
  ];
  const feature: Feature<Polygon> = {
    type: 'Feature',
    properties,
    geometry: { type: 'Polygon', coordinates: [counterClockwise ? ring.reverse() : ring] },
  };
  return feature;
}
