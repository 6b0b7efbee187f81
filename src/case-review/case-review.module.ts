import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { AnalyticsModule } from '../analytics/analytics.module.js';
import { GovernanceModule } from '../governance/governance.module.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { UsersModule } from '../users/users.module.js';
import { CaseAccess } from './case-access.js';
import { CaseApplicationsService } from './case-applications.service.js';
import { CaseDeadlineScheduler } from './case-deadline.scheduler.js';
import { CaseDeadlineSweepService } from './case-deadline-sweep.service.js';
import { CaseFiguresService } from './case-figures.service.js';
import { CasePackService } from './case-pack.service.js';
import { CaseReviewFiguresController } from './case-review-figures.controller.js';
import { CaseReviewViews } from './case-review-views.js';
import { CaseReviewsController } from './case-reviews.controller.js';
import { CaseReviewsRepository } from './case-reviews.repository.js';
import { CaseReviewsService } from './case-reviews.service.js';

/** The ASB case review (Community Trigger), end to end: docs/case-review.md. */
@Module({
  imports: [AccessModule, AnalyticsModule, GovernanceModule, OrganisationsModule, UsersModule],
  controllers: [CaseReviewsController, CaseReviewFiguresController],
  providers: [CaseReviewsRepository, CaseAccess, CaseReviewViews, CaseApplicationsService, CaseReviewsService, CasePackService, CaseFiguresService, CaseDeadlineSweepService, CaseDeadlineScheduler],
})
export class CaseReviewModule {}
