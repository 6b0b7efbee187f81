import { Global, Module } from '@nestjs/common';
import { SchedulerRepository } from './scheduler.repository.js';
import { SchedulerService } from './scheduler.service.js';

/** The job scheduler on the catalogue database; any module injects `SchedulerService` and registers its jobs. */
@Global()
@Module({
  providers: [SchedulerRepository, SchedulerService],
  exports: [SchedulerService],
})
export class SchedulerModule {}
