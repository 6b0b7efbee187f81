import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { IngestModule } from '../ingest/ingest.module.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { SubjectAccessController } from './subject-access.controller.js';
import { SubjectAccessService } from './subject-access.service.js';
import { SubjectRecordsRepository } from './subject-records.repository.js';

/** Subject access requests and erasure (docs/subject-access.md). */
@Module({
  imports: [AccessModule, IngestModule, OrganisationsModule],
  controllers: [SubjectAccessController],
  providers: [SubjectAccessService, SubjectRecordsRepository],
})
export class SubjectAccessModule {}
