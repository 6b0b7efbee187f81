import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Injectable } from '@nestjs/common';
import { notFound } from '../common/domain-error.js';
import type { Geography } from '../../etl/geography/index.js';
import { GeographyService } from '../ingest/geography.service.js';
import { ALL_AREA_CODES } from '../../domain/areas.reference.js';
import { boundaryTopology, geographyVersion } from './boundary-topology.js';
import type { GeographyStatusDto } from './geography.dto.js';

/** A boundary answer ready to send: JSON text, its gzip, and an ETag. */
export interface BoundaryPayload {
  json: Buffer;
  gzip: Buffer;
  etag: string;
}

interface Built {
  version: string;
  payloads: Map<string, BoundaryPayload>;
}

/** LSOA variants kept per geography (a district each, all, and a few combinations). */
const MAX_VARIANTS = 40;

/**
 * Serves the boundaries loaded into the hub (GeographyService) as simplified TopoJSON. Each
 * answer is built once per loaded geography and kept; a new load replaces the Geography object,
 * which drops the cache and changes the version in every ETag.
 */
@Injectable()
export class BoundariesService {
  private readonly built = new WeakMap<Geography, Built>();

  constructor(private readonly geography: GeographyService) {}

  async status(): Promise<GeographyStatusDto> {
    const geo = await this.geography.geography();
    if (!geo) {
      return { loaded: false, version: null, districts: 0, lsoas: 0, message: NOT_LOADED };
    }
    return { loaded: true, version: this.cacheOf(geo).version, districts: geo.districts.length, lsoas: geo.lsoas.length, message: null };
  }

  /** The districts (object `districts`). */
  async districts(): Promise<BoundaryPayload> {
    const geo = await this.loaded();
    return this.payload(geo, 'districts', () => boundaryTopology('districts', geo.districts.map((d) => ({ code: d.code, name: d.name, feature: d.feature }))));
  }

  /** LSOAs (object `lsoas`), of the given districts or of all of them. */
  async lsoas(districtCodes: readonly string[]): Promise<BoundaryPayload> {
    const geo = await this.loaded();
    const unknown = districtCodes.filter((c) => !ALL_AREA_CODES.includes(c));
    if (unknown.length) throw notFound('district_not_found', `${unknown[0]} is not one of the 14 Hampshire and Isle of Wight areas.`);
    const codes = [...new Set(districtCodes)].sort();
    const wanted = codes.length ? new Set(codes) : null;
    const key = `lsoas-${codes.length ? shortHash(codes.join(',')) : 'all'}`;
    return this.payload(geo, key, () =>
      boundaryTopology(
        'lsoas',
        geo.lsoas.filter((l) => !wanted || (l.districtCode && wanted.has(l.districtCode))).map((l) => ({ code: l.code, name: l.name, districtCode: l.districtCode, feature: l.feature })),
      ),
    );
  }

  /** Electoral wards (object `wards`), with their district, all of them (about 300 KB). */
  async wards(): Promise<BoundaryPayload> {
    const geo = await this.loaded();
    return this.payload(geo, 'wards', () =>
      boundaryTopology('wards', geo.wards.map((w) => ({ code: w.code, name: w.name, districtCode: w.districtCode, feature: w.feature }))),
    );
  }

  private async loaded(): Promise<Geography> {
    const geo = await this.geography.geography();
    if (!geo) throw notFound('geography_not_loaded', NOT_LOADED);
    return geo;
  }

  private payload(geo: Geography, key: string, build: () => unknown): BoundaryPayload {
    const cache = this.cacheOf(geo);
    let payload = cache.payloads.get(key);
    if (!payload) {
      const json = Buffer.from(JSON.stringify(build()));
      payload = { json, gzip: gzipSync(json), etag: `"geo-${cache.version}-${key}"` };
      if (cache.payloads.size >= MAX_VARIANTS) cache.payloads.delete(cache.payloads.keys().next().value!);
      cache.payloads.set(key, payload);
    }
    return payload;
  }

  private cacheOf(geo: Geography): Built {
    let cache = this.built.get(geo);
    if (!cache) {
      const areas = [...geo.districts, ...geo.lsoas, ...geo.wards];
      cache = { version: geographyVersion(areas), payloads: new Map() };
      this.built.set(geo, cache);
    }
    return cache;
  }
}

const NOT_LOADED =
  'No boundaries have been loaded into the hub, so maps show the 14 areas as tiles. An ETL operator can load them with: npm run etl -- geography <folder>.';

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}
