import { Injectable } from '@nestjs/common';
import { GeographyService } from '../ingest/geography.service.js';
import { bestFitsByLocation } from './lsoa-best-fit.js';
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
 * Keeps the best-fit lookup (`ref.lsoa_best_fit`) covering every LSOA code in the tables a
 * question reads, by the rule in lsoa-best-fit.ts, before the question's SQL joins it.
 */
@Injectable()
export class LsoaBestFitService {
  private readonly done = new Set<string>();

  constructor(
    private readonly repository: ReferenceRepository,
    private readonly reference: ReferenceDataService,
    private readonly geography: GeographyService,
  ) {}

  async ensure(sources: readonly BestFitSource[]): Promise<void> {
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
}
