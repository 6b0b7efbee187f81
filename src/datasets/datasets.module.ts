import { Global, Module } from '@nestjs/common';
import { DatasetsRepository } from './datasets.repository.js';

/**
 * The dataset catalogue store. Global so that ingest (which creates and fills datasets) and query
 * (which reads them) share one repository without importing each other.
 */
@Global()
@Module({
  providers: [DatasetsRepository],
  exports: [DatasetsRepository],
})
export class DatasetsModule {}
