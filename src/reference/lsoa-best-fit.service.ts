import { Injectable, Logger } from '@nestjs/common';
import type { Geography } from '../../etl/geography/index.js';
import { GeographyService } from '../ingest/geography.service.js';
import { bestFitsByLocation } from './lsoa-best-fit.js';
import { wardBestFits } from './lsoa-ward.js';
import { ReferenceDataService } from './reference-data.service.js';
import { ReferenceRepository } from './reference.repository.js';

/** A dataset table whose LSOA codes a question maps to 2011 LSOAs. */
export interface BestFitSource {
  table: string;
  /** The dataset version: the lookup is brought up to date once per version. */
  version: number;
  /** Whether the table has `longitude` and `latitude` columns. */
  hasCoordinates: boolean;
}

/**
 * Keeps the best-fit lookups up to date before a question's SQL joins them: `ref.lsoa_best_fit`
 * covering every LSOA code in the tables a question reads (lsoa-best-fit.ts), and `ref.lsoa_ward`,
 * the ward of each 2011 LSOA of the loaded boundaries (lsoa-ward.ts), worked out again whenever
 * other boundaries are loaded.
 */
@Injectable()
export class LsoaBestFitService {
  private readonly logger = new Logger(LsoaBestFitService.name);
  private readonly done = new Set<string>();
  /** The boundaries the ward lookup was built from, and the lookup (2011 LSOA → ward code). */
  private wardLookup: { geography: Geography | null; wards: Promise<ReadonlyMap<string, string>> } | null = null;

  constructor(
    private readonly repository: ReferenceRepository,
    private readonly reference: ReferenceDataService,
    private readonly geography: GeographyService,
  ) {}

  async ensure(sources: readonly BestFitSource[]): Promise<void> {
    await this.wards();
    const snapshot = await this.reference.snapshot();
    if (!snapshot) return;
    for (const s of sources) {
      const key = `${s.table}@${s.version}@${snapshot.version.version}`;
      if (this.done.has(key)) continue;
      const codes = await this.repository.unmatchedCodes(s.table, s.hasCoordinates);
      if (codes.length > 0) {
        const geography = await this.geography.geography();
        const at = (lon: number, lat: number) => geography?.placePoint(lon, lat)?.lsoaCode ?? null;
        await this.repository.addBestFits(bestFitsByLocation(codes, at, new Set(snapshot.byCode.keys())));
      }
      this.done.add(key);
    }
  }

  /** The best-fit ward of each 2011 LSOA (empty with no boundaries), rebuilt for new boundaries. */
  async wards(): Promise<ReadonlyMap<string, string>> {
    const geography = await this.geography.geography();
    if (this.wardLookup?.geography !== geography) {
      const wards = this.rebuildWards(geography);
      this.wardLookup = { geography, wards };
      wards.catch(() => (this.wardLookup = null));
    }
    return this.wardLookup!.wards;
  }

  private async rebuildWards(geography: Geography | null): Promise<ReadonlyMap<string, string>> {
    const fits = geography ? wardBestFits(geography.lsoas, (lon, lat) => geography.wardAt(lon, lat)) : [];
    await this.repository.replaceWardFits(fits);
    if (geography) this.logger.log(`Ward best fit: ${fits.length} of ${geography.lsoas.length} 2011 LSOAs placed in ${new Set(fits.map((f) => f.wardCode)).size} of ${geography.wards.length} wards`);
    return new Map(fits.map((f) => [f.lsoa11, f.wardCode]));
  }
}
