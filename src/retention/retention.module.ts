import { Module } from '@nestjs/common';
import { IngestModule } from '../ingest/ingest.module.js';
import { RetentionController } from './retention.controller.js';
import { RetentionScheduler } from './retention.scheduler.js';
import { RetentionService } from './retention.service.js';

@Module({ imports: [IngestModule], controllers: [RetentionController], providers: [RetentionService, RetentionScheduler], exports: [RetentionService] })
export class RetentionModule {}
