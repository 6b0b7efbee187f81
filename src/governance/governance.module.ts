import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { UsersModule } from '../users/users.module.js';
import { AccessRequestDetailService } from './access-request-detail.service.js';
import { AccessRequestsController } from './access-requests.controller.js';
import { AccessRequestsRepository } from './access-requests.repository.js';
import { AccessRequestsService } from './access-requests.service.js';
import { AccessReviewController } from './access-review.controller.js';
import { AccessReviewService } from './access-review.service.js';
import { AgreementEndsService } from './agreement-ends.service.js';
import { AgreementsController } from './agreements.controller.js';
import { AgreementsRepository } from './agreements.repository.js';
import { AgreementsService } from './agreements.service.js';
import { ExpirySweepScheduler } from './expiry-sweep.scheduler.js';
import { GovernanceDemoSeed } from './governance-demo.seed.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';
import { OwnerViewController } from './owner-view.controller.js';
import { OwnerViewService } from './owner-view.service.js';
import { OperationsNotices } from './operations-notices.js';
import { OperationsNoticesRepository } from './operations-notices.repository.js';

/**
 * Access governance for the Information Management Board: agreements, the request and approval
 * workflow (which issues grants through the access module), access reviews, the data owner's
 * view, and in-app notifications. See docs/governance.md.
 */
@Module({
  imports: [AccessModule, OrganisationsModule, UsersModule],
  controllers: [AgreementsController, AccessRequestsController, AccessReviewController, OwnerViewController, NotificationsController],
  providers: [
    AgreementsRepository,
    AccessRequestsRepository,
    NotificationsRepository,
    AgreementsService,
    AgreementEndsService,
    AccessRequestsService,
    AccessRequestDetailService,
    AccessReviewService,
    OwnerViewService,
    NotificationsService,
    ExpirySweepScheduler,
    OperationsNoticesRepository,
    OperationsNotices,
    GovernanceDemoSeed,
  ],
  exports: [NotificationsService, GovernanceDemoSeed, AccessRequestsService, AgreementsService, AgreementEndsService, AccessReviewService],
})
export class GovernanceModule {}
