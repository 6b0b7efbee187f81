import { geoContains } from 'd3-geo';
import path from 'node:path';
import { areaByCode } from '../../domain/areas.reference.js';
import { GridIndex } from './grid-index.js';
import { districtFromLsoaName } from './lsoa-name.js';
import { shapeContains, toPlanarShape, type BBox, type PlanarShape } from './planar-polygon.js';
import type { AreaFeature } from './winding.js';

/** A named area with its boundary. */
export interface Boundary {
  readonly code: string;
  readonly name: string;
  readonly feature: AreaFeature;
  readonly bbox: BBox;
}

export type District = Boundary;

export interface Lsoa extends Boundary {
  /** ONS code of the district it lies in, or null when it could not be told. */
  readonly districtCode: string | null;
}

export type Ward = Lsoa;

/** Where a point falls. `lsoaCode` is null when it is in a district but no loaded LSOA. */
export interface Placement {
  districtCode: string;
  lsoaCode: string | null;
}

/**
 * How points are tested against shapes after the bounding-box prefilter: `planar` (default)
 * is an even-odd test on lon/lat, `spherical` is d3-geo's geoContains (about 20× slower).
 */
export type Containment = 'planar' | 'spherical';

/** Boundaries already parsed, as `buildGeography` takes them. */
export interface BoundaryInput {
  code: string;
  name: string;
  /** Known district of an LSOA or ward, e.g. from its file name; inferred when absent. */
  districtCode?: string | null;
  feature: AreaFeature;
}

export interface GeographyInput {
  districts: readonly BoundaryInput[];
  lsoas?: readonly BoundaryInput[];
  wards?: readonly BoundaryInput[];
}

interface Indexed<T> {
  bbox: BBox;
  shape: PlanarShape;
  value: T;
}

/** Districts, LSOAs and wards with point placement. Build with `loadGeography` or `buildGeography`. */
export class Geography {
  readonly districts: readonly District[];
  readonly lsoas: readonly Lsoa[];
  readonly wards: readonly Ward[];
  private readonly districtIndex: GridIndex<Indexed<District>>;
  private readonly lsoaIndex: GridIndex<Indexed<Lsoa>>;
  private readonly wardIndex: GridIndex<Indexed<Ward>>;
  private readonly lsoasByCode: Map<string, Lsoa>;
  private readonly districtsByCode: Map<string, District>;
  private readonly contains: (item: Indexed<Boundary>, lon: number, lat: number) => boolean;

  constructor(input: GeographyInput, containment: Containment = 'planar') {
    this.contains =
      containment === 'planar'
        ? (item, lon, lat) => shapeContains(item.shape, lon, lat)
        : (item, lon, lat) =>
            lon >= item.bbox[0] && lon <= item.bbox[2] && lat >= item.bbox[1] && lat <= item.bbox[3] &&
            geoContains(item.value.feature, [lon, lat]);
    const districts = input.districts.map((d) => indexed(withBBox(d)));
    this.districts = districts.map((d) => d.value);
    this.districtsByCode = new Map(this.districts.map((d) => [d.code, d]));
    this.districtIndex = new GridIndex(districts, 0.02);
    const lsoas = (input.lsoas ?? []).map((l) =>
      indexed({ ...withBBox(l), districtCode: l.districtCode ?? districtFromLsoaName(l.name) ?? this.districtOf(l.feature) }),
    );
    this.lsoas = lsoas.map((l) => l.value);
    this.lsoasByCode = new Map(this.lsoas.map((l) => [l.code, l]));
    this.lsoaIndex = new GridIndex(lsoas);
    const wards = (input.wards ?? []).map((w) =>
      indexed({ ...withBBox(w), districtCode: w.districtCode ?? this.districtOf(w.feature) }),
    );
    this.wards = wards.map((w) => w.value);
    this.wardIndex = new GridIndex(wards);
  }

  districtByCode(code: string): District | undefined {
    return this.districtsByCode.get(code);
  }

  lsoaByCode(code: string): Lsoa | undefined {
    return this.lsoasByCode.get(code);
  }

  lsoasIn(districtCode: string): Lsoa[] {
    return this.lsoas.filter((l) => l.districtCode === districtCode);
  }

  /** The district and LSOA containing a point, or null when it is in none of the districts. */
  placePoint(lon: number, lat: number): Placement | null {
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return null;
    for (const item of this.lsoaIndex.candidates(lon, lat)) {
      if (item.value.districtCode && this.contains(item, lon, lat)) {
        return { districtCode: item.value.districtCode, lsoaCode: item.value.code };
      }
    }
    const district = this.find(this.districtIndex, lon, lat);
    return district ? { districtCode: district.code, lsoaCode: null } : null;
  }

  /** The ward containing a point, or null. */
  wardAt(lon: number, lat: number): Ward | null {
    return this.find(this.wardIndex, lon, lat);
  }

  private find<T extends Boundary>(index: GridIndex<Indexed<T>>, lon: number, lat: number): T | null {
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return null;
    for (const item of index.candidates(lon, lat)) if (this.contains(item, lon, lat)) return item.value;
    return null;
  }

  /** The district holding most of a shape's vertices (shapes from generalised files may overhang). */
  private districtOf(feature: AreaFeature): string | null {
    const votes = new Map<string, number>();
    for (const ring of toPlanarShape(feature.geometry).rings) {
      for (let i = 0; i < ring.length; i += 2) {
        const d = this.find(this.districtIndex, ring[i], ring[i + 1]);
        if (d) votes.set(d.code, (votes.get(d.code) ?? 0) + 1);
      }
    }
    let best: string | null = null;
    for (const [code, n] of votes) if (best === null || n > votes.get(best)!) best = code;
    return best;
  }
}

/** Builds a geography from features already in memory (tests, other loaders). */
export function buildGeography(input: GeographyInput, containment: Containment = 'planar'): Geography {
  return new Geography(input, containment);
}

const shapes = new WeakMap<AreaFeature, PlanarShape>();

/** The flattened shape of a feature, computed once per feature. */
export function planarShapeOf(feature: AreaFeature): PlanarShape {
  let shape = shapes.get(feature);
  if (!shape) {
    shape = toPlanarShape(feature.geometry);
    shapes.set(feature, shape);
  }
  return shape;
}

/**
 * A uniformly random point inside a feature (rejection sampling in its bounding box), using
 * the same containment test as `placePoint` so the point places back into the same shape.
 */
export function randomPointIn(feature: AreaFeature, rng: () => number): [number, number] {
  const shape = planarShapeOf(feature);
  const [w, s, e, n] = shape.bbox;
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const lon = w + rng() * (e - w);
    const lat = s + rng() * (n - s);
    if (shapeContains(shape, lon, lat)) return [lon, lat];
  }
  throw new Error('randomPointIn: no point found inside the shape after 10,000 tries (is it empty?)');
}

function withBBox(input: BoundaryInput): Boundary {
  return { code: input.code, name: input.name, feature: input.feature, bbox: planarShapeOf(input.feature).bbox };
}

function indexed<T extends Boundary>(value: T): Indexed<T> {
  const shape = planarShapeOf(value.feature);
  return { bbox: shape.bbox, shape, value };
}

/** A district's display name: from the file, else from the reference list, else its code. */
export function districtName(code: string, fromFile: string | null): string {
  return fromFile ?? areaByCode(code)?.name ?? code;
}

/** "E07000094.topo.json" → "E07000094" when the file is named for a district. */
export function districtCodeFromFileName(file: string): string | null {
  const match = /^(E0[6-9]\d{6})\b/.exec(path.basename(file));
  return match ? match[1] : null;
}
