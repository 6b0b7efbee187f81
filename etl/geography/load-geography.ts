import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { BOUNDARY_FILE, BoundaryFileError, boundaryFilesIn, propertyMatching, readBoundaryFile } from './boundary-reader.js';
import {
  buildGeography,
  districtCodeFromFileName,
  districtName,
  type BoundaryInput,
  type Containment,
  type Geography,
} from './geography.js';

export interface LoadGeographyOptions {
  containment?: Containment;
}

/**
 * Reads ONS-style boundaries from a folder laid out like `../shared/data/boundaries`:
 * a district file named `lad*` (TopoJSON or GeoJSON, properties LADyyCD/LADyyNM) at the top,
 * and optional `lsoa/` (LSOAyyCD/LSOAyyNM) and `wards/` (WDyyCD/WDyyNM) folders with one
 * file per district named by its code. Fails with a message naming what is missing.
 */
export async function loadGeography(folder: string, options: LoadGeographyOptions = {}): Promise<Geography> {
  const districtFile = (await readdir(folder).catch(() => [] as string[]))
    .filter((n) => /^lad/i.test(n) && BOUNDARY_FILE.test(n))
    .sort()[0];
  if (!districtFile) {
    throw new BoundaryFileError(`No district boundary file (lad*.topo.json or lad*.geojson) in ${folder}.`);
  }
  const districts = await readBoundaries(path.join(folder, districtFile), /^LAD\d{2}CD$/i, /^LAD\d{2}NM$/i);
  if (districts.length === 0) throw new BoundaryFileError(`${districtFile} has no district polygons with a LADyyCD code.`);
  for (const d of districts) d.name = districtName(d.code, d.name || null);
  const lsoas = await readFolder(path.join(folder, 'lsoa'), /^LSOA\d{2}CD$/i, /^LSOA\d{2}NM$/i);
  const wards = await readFolder(path.join(folder, 'wards'), /^WD\d{2}CD$/i, /^WD\d{2}NM$/i);
  return buildGeography({ districts, lsoas, wards }, options.containment);
}

async function readFolder(folder: string, code: RegExp, name: RegExp): Promise<BoundaryInput[]> {
  const out: BoundaryInput[] = [];
  for (const file of await boundaryFilesIn(folder)) out.push(...(await readBoundaries(file, code, name)));
  return out;
}

async function readBoundaries(file: string, codeKey: RegExp, nameKey: RegExp): Promise<BoundaryInput[]> {
  const hint = districtCodeFromFileName(file);
  const out: BoundaryInput[] = [];
  for (const feature of await readBoundaryFile(file)) {
    const code = propertyMatching(feature.properties, codeKey) ?? (typeof feature.id === 'string' ? feature.id : null);
    if (!code) continue;
    const districtCode = hint ?? propertyMatching(feature.properties, /^LAD\d{2}CD$/i);
    out.push({ code, name: propertyMatching(feature.properties, nameKey) ?? '', districtCode, feature });
  }
  return out;
}
