import { existsSync } from 'node:fs';
import { cp, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { type Geography, loadGeography } from '../../etl/geography/index.js';
import { IngestStoreRepository } from './ingest-store.repository.js';

export interface GeographySummary {
  districts: number;
  lsoas: number;
  wards: number;
}

/**
 * Boundaries are reference data an operator loads: the folder's files are copied under the data
 * folder (for point-in-polygon at load time) and their LSOA and ward lists go to DuckDB lookups.
 * Until an operator loads any, the boundaries shipped in the repository (`reference/boundaries`)
 * stand in, so maps draw on a fresh machine (unless SHIPPED_BOUNDARIES=false).
 */
@Injectable()
export class GeographyService {
  private readonly logger = new Logger(GeographyService.name);
  private cached: Promise<Geography | null> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly store: IngestStoreRepository,
  ) {}

  /** Loads ONS-style boundaries from `folder` (layout of ../shared/data/boundaries). */
  async importFolder(folder: string): Promise<GeographySummary> {
    const geography = await loadGeography(folder);
    await this.store.replaceGeography(
      geography.districts.map((d) => ({ code: d.code, name: d.name, districtCode: d.code })),
      geography.lsoas.map((l) => ({ code: l.code, name: l.name, districtCode: l.districtCode })),
      geography.wards.map((w) => ({ code: w.code, name: w.name, districtCode: w.districtCode })),
    );
    const target = this.config.ingest.geographyDir;
    await rm(target, { recursive: true, force: true });
    await mkdir(target, { recursive: true });
    await cp(folder, target, { recursive: true });
    this.cached = Promise.resolve(geography);
    const summary = { districts: geography.districts.length, lsoas: geography.lsoas.length, wards: geography.wards.length };
    this.logger.log(`Geography loaded from ${folder}: ${summary.districts} districts, ${summary.lsoas} LSOAs, ${summary.wards} wards`);
    return summary;
  }

  /**
   * Imports the shipped boundaries when none have ever been loaded (fills the DuckDB lookups too);
   * returns whether it did. Called at start-up and before the demo data.
   */
  async importShippedIfNone(): Promise<boolean> {
    const shipped = this.shippedFolder();
    if (!shipped || existsSync(this.config.ingest.geographyDir)) return false;
    await this.importFolder(shipped);
    return true;
  }

  /** The loaded boundaries for point placement, or null when none have been loaded. */
  geography(): Promise<Geography | null> {
    if (!this.cached) {
      const dir = existsSync(this.config.ingest.geographyDir) ? this.config.ingest.geographyDir : this.shippedFolder();
      this.cached = dir
        ? loadGeography(dir).catch((err) => {
            this.logger.warn(`Cannot read the loaded geography in ${dir}: ${(err as Error).message}`);
            return null;
          })
        : Promise.resolve(null);
    }
    return this.cached;
  }

  /** The shipped boundaries folder, or null when turned off or missing. */
  private shippedFolder(): string | null {
    const dir = path.join(this.config.shippedReference.dir, 'boundaries');
    return this.config.shippedReference.boundaries && existsSync(dir) ? dir : null;
  }

  /** District of each coordinate pair that falls in a loaded district. */
  async place(points: [number, number][]): Promise<[number, number, string][]> {
    if (points.length === 0) return [];
    const geography = await this.geography();
    if (!geography) return [];
    const out: [number, number, string][] = [];
    for (const [lon, lat] of points) {
      const placed = geography.placePoint(lon, lat);
      if (placed) out.push([lon, lat, placed.districtCode]);
    }
    return out;
  }
}
