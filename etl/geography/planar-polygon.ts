import type { AreaGeometry } from './winding.js';

/** Bounding box as [west, south, east, north] in degrees. */
export type BBox = readonly [number, number, number, number];

/**
 * A polygon or multipolygon flattened for fast point tests: every ring as interleaved
 * lon/lat in one Float64Array, and its bounding box.
 */
export interface PlanarShape {
  readonly bbox: BBox;
  readonly rings: readonly Float64Array[];
}

export function toPlanarShape(geometry: AreaGeometry): PlanarShape {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const rings: Float64Array[] = [];
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      const flat = new Float64Array(ring.length * 2);
      ring.forEach(([lon, lat], i) => {
        flat[2 * i] = lon;
        flat[2 * i + 1] = lat;
        if (lon < west) west = lon;
        if (lon > east) east = lon;
        if (lat < south) south = lat;
        if (lat > north) north = lat;
      });
      rings.push(flat);
    }
  }
  return { bbox: [west, south, east, north], rings };
}

export function bboxContains(bbox: BBox, lon: number, lat: number): boolean {
  return lon >= bbox[0] && lon <= bbox[2] && lat >= bbox[1] && lat <= bbox[3];
}

/**
 * Even-odd crossing test on longitude/latitude. Holes and separate parts need no special
 * case, and the answer does not depend on winding order. ONS boundaries are drawn as straight
 * lines on the British National Grid, so straight lines in lon/lat are no worse an
 * approximation of their edges than d3's great circles.
 */
export function shapeContains(shape: PlanarShape, lon: number, lat: number): boolean {
  if (!bboxContains(shape.bbox, lon, lat)) return false;
  let inside = false;
  for (const ring of shape.rings) {
    const n = ring.length;
    for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
      const yi = ring[i + 1];
      const yj = ring[j + 1];
      if (yi > lat !== yj > lat) {
        const xi = ring[i];
        const xj = ring[j];
        if (lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
  }
  return inside;
}
