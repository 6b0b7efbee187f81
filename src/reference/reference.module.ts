import { Module } from '@nestjs/common';
import { IngestModule } from '../ingest/ingest.module.js';
import { LsoaBestFitService } from './lsoa-best-fit.service.js';
import { ReferenceController } from './reference.controller.js';
import { ReferenceDataService } from './reference-data.service.js';
import { ReferenceQueryService } from './reference-query.service.js';
import { ReferenceRepository } from './reference.repository.js';

/**
 * Reference data for rates and deprivation (docs/reference-data.md): population and IMD decile per
 * 2011 LSOA, versioned in DuckDB, and the best-fit lookup from the data's LSOA codes to 2011 LSOAs.
 */
@Module({
  imports: [IngestModule],
  controllers: [ReferenceController],
  providers: [ReferenceRepository, ReferenceDataService, ReferenceQueryService, LsoaBestFitService],
  exports: [ReferenceDataService, LsoaBestFitService],
})
export class ReferenceModule {}
