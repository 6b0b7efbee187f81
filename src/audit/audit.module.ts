import { Global, Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { AuditController } from './audit.controller.js';
import { AuditSearchRepository } from './audit-search.repository.js';
import { AuditViewerController } from './audit-viewer.controller.js';
import { AuditViewerService } from './audit-viewer.service.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';

/** The append-only audit log; global because every module records to it. */
@Global()
@Module({
  imports: [OrganisationsModule],
  controllers: [AuditController, AuditViewerController],
  providers: [AuditRepository, AuditService, AuditSearchRepository, AuditViewerService],
  exports: [AuditService, AuditViewerService],
})
export class AuditModule {}
