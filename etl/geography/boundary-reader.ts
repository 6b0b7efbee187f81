import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Feature, FeatureCollection, GeoJsonProperties, Geometry } from 'geojson';
import { feature as topoFeature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import { windForD3, type AreaFeature } from './winding.js';

/** File names the reader understands: TopoJSON and GeoJSON. */
export const BOUNDARY_FILE = /\.(topo\.json|topojson|geojson|json)$/i;

export class BoundaryFileError extends Error {}

/**
 * Reads one TopoJSON or GeoJSON file and returns its polygon features, wound the way d3-geo
 * expects. A topology's objects are all read; other geometry types are skipped.
 */
export async function readBoundaryFile(file: string): Promise<AreaFeature[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new BoundaryFileError(`${path.basename(file)} is not readable JSON: ${(error as Error).message}`);
  }
  return areaFeatures(parsed, path.basename(file));
}

/** Polygon features from a parsed TopoJSON topology or GeoJSON object. */
export function areaFeatures(parsed: unknown, label = 'boundary file'): AreaFeature[] {
  const json = parsed as { type?: string };
  let features: Feature<Geometry | null, GeoJsonProperties>[];
  if (json?.type === 'Topology') {
    const topology = parsed as Topology;
    features = Object.values(topology.objects).flatMap((object) => {
      const result = topoFeature(topology, object) as Feature | FeatureCollection;
      return result.type === 'FeatureCollection' ? result.features : [result];
    });
  } else if (json?.type === 'FeatureCollection') {
    features = (parsed as FeatureCollection).features;
  } else if (json?.type === 'Feature') {
    features = [parsed as Feature];
  } else {
    throw new BoundaryFileError(`${label} is neither TopoJSON nor GeoJSON (type "${json?.type ?? 'missing'}").`);
  }
  const areas: AreaFeature[] = [];
  for (const f of features) {
    const g = f.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) continue;
    areas.push({ type: 'Feature', id: f.id, properties: f.properties ?? {}, geometry: windForD3(g) });
  }
  return areas;
}

/** Boundary files directly inside a folder, sorted by name; empty when the folder is missing. */
export async function boundaryFilesIn(folder: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  return names
    .filter((n) => BOUNDARY_FILE.test(n))
    .sort()
    .map((n) => path.join(folder, n));
}

/**
 * The value of the first property whose name matches, e.g. /^LSOA\d{2}CD$/ finds LSOA11CD
 * or LSOA21CD. ONS suffixes property names with the boundary year.
 */
export function propertyMatching(properties: GeoJsonProperties, pattern: RegExp): string | null {
  if (!properties) return null;
  for (const [key, value] of Object.entries(properties)) {
    if (pattern.test(key) && value !== null && value !== undefined && value !== '') return String(value);
  }
  return null;
}
