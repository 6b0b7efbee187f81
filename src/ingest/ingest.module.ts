import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { ErasureRegisterRepository } from './erasure-register.repository.js';
import { ExpectedDeliveryController } from './expected-delivery.controller.js';
import { ExpectedDeliveryService } from './expected-delivery.service.js';
import { FeedsController } from './feeds.controller.js';
import { FeedsRepository } from './feeds.repository.js';
import { FeedsService } from './feeds.service.js';
import { GeographyService } from './geography.service.js';
import { InboxService } from './inbox.service.js';
import { IngestStoreRepository } from './ingest-store.repository.js';
import { LoadQueue } from './load-queue.service.js';
import { LoadsController } from './loads.controller.js';
import { LoadsRepository } from './loads.repository.js';
import { LoadsService } from './loads.service.js';
import { PipelineService } from './pipeline.service.js';
import { UploadInterceptor } from './upload.interceptor.js';
import { DemoDataService } from './demo-data.service.js';

/**
 * ETL: feeds, loads, the pipeline that brings files into DuckDB, the inbox scheduler and the
 * built-in police.uk feeds. See docs/etl.md.
 */
@Module({
  imports: [OrganisationsModule],
  controllers: [FeedsController, LoadsController, ExpectedDeliveryController],
  providers: [
    FeedsRepository,
    LoadsRepository,
    IngestStoreRepository,
    FeedsService,
    LoadsService,
    PipelineService,
    LoadQueue,
    GeographyService,
    InboxService,
    UploadInterceptor,
    DemoDataService,
    ErasureRegisterRepository,
    ExpectedDeliveryService,
  ],
  exports: [FeedsService, LoadsService, LoadQueue, GeographyService, InboxService, DemoDataService, IngestStoreRepository, ErasureRegisterRepository, FeedsRepository, LoadsRepository],
})
export class IngestModule implements OnApplicationBootstrap {
  constructor(
    private readonly feeds: FeedsService,
    private readonly loads: LoadsService,
  ) {}

  /** Built-in feeds on every database, then recovery of loads a stopped process left behind. */
  async onApplicationBootstrap(): Promise<void> {
    await this.feeds.ensureBuiltins();
    await this.loads.recover();
  }
}
