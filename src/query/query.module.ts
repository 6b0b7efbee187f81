import { Module } from '@nestjs/common';
import { DatasetsController } from '../datasets/datasets.controller.js';
import { DatasetsService } from '../datasets/datasets.service.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { ReferenceModule } from '../reference/reference.module.js';
import { QueryController } from './query.controller.js';
import { QueryRepository } from './query.repository.js';
import { QueryService } from './query.service.js';

/**
 * Questions answered from DuckDB under the access policy (POST /api/query), and the catalogue as
 * each caller sees it (GET /api/datasets), which shares the policy. Needs AccessModule and
 * DatasetsModule (both global).
 */
@Module({
  imports: [OrganisationsModule, ReferenceModule],
  controllers: [QueryController, DatasetsController],
  providers: [QueryRepository, QueryService, DatasetsService],
  exports: [QueryService],
})
export class QueryModule {}
