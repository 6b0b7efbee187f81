import { geoArea } from 'd3-geo';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';

export type AreaGeometry = Polygon | MultiPolygon;
export type AreaFeature = Feature<AreaGeometry>;

/**
 * d3-geo reads polygons on the sphere: an exterior ring must run clockwise, or the polygon
 * means "the whole globe except this shape". RFC 7946 GeoJSON uses the opposite order, so a
 * polygon whose spherical area exceeds a hemisphere is taken to be wound the other way and
 * its rings are reversed. ONS TopoJSON is already clockwise and is left untouched.
 */
export function windForD3(geometry: AreaGeometry): AreaGeometry {
  if (geometry.type === 'Polygon') return { type: 'Polygon', coordinates: windPolygon(geometry.coordinates) };
  return { type: 'MultiPolygon', coordinates: geometry.coordinates.map(windPolygon) };
}

function windPolygon(rings: Position[][]): Position[][] {
  if (geoArea({ type: 'Polygon', coordinates: rings }) <= 2 * Math.PI) return rings;
  return rings.map((ring) => [...ring].reverse());
}
