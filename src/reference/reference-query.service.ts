import { Injectable } from '@nestjs/common';
import { type LsoaProfilesDto, REFERENCE_ATTRIBUTION, type ReferenceStatusDto } from './reference.dto.js';
import { LsoaBestFitService } from './lsoa-best-fit.service.js';
import { ReferenceDataService } from './reference-data.service.js';
import { ReferenceRepository } from './reference.repository.js';

/** What the reference endpoints answer. */
@Injectable()
export class ReferenceQueryService {
  constructor(
    private readonly reference: ReferenceDataService,
    private readonly repository: ReferenceRepository,
    private readonly bestFit: LsoaBestFitService,
  ) {}

  async status(): Promise<ReferenceStatusDto> {
    const snapshot = await this.reference.snapshot();
    const bestFit: Record<string, number> = {};
    for (const f of await this.repository.bestFits()) bestFit[f.rule] = (bestFit[f.rule] ?? 0) + 1;
    const v = snapshot?.version;
    return { loaded: !!v, version: v?.version ?? null, source: v?.source ?? null, sha256: v?.sha256 ?? null, lsoas: snapshot?.profiles.length ?? 0, loadedAt: v?.loadedAt ?? null, bestFit, attribution: REFERENCE_ATTRIBUTION };
  }

  async lsoas(): Promise<LsoaProfilesDto> {
    const snapshot = await this.reference.snapshot();
    const wards = await this.bestFit.wards();
    return {
      version: snapshot?.version.version ?? null,
      lsoas: (snapshot?.profiles ?? []).map((p) => ({
        code: p.code,
        name: p.name,
        districtCode: p.districtCode,
        imdRank: p.imdRank,
        imdDecile: p.imdDecile,
        population: p.population.all,
        children: p.population.children,
        aged16to59: p.population.aged16to59,
        older: p.population.older,
        wardCode: wards.get(p.code) ?? null,
      })),
    };
  }
}
