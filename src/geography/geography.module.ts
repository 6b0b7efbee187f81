import { Module } from '@nestjs/common';
import { IngestModule } from '../ingest/ingest.module.js';
import { BoundariesService } from './boundaries.service.js';
import { GeographyController } from './geography.controller.js';

/** Serves the boundaries the ETL loaded (ingest's GeographyService) to maps; see docs/client.md. */
@Module({
  imports: [IngestModule],
  controllers: [GeographyController],
  providers: [BoundariesService],
})
export class GeographyModule {}
