import { Module } from '@nestjs/common';
import { AnalyticsModule } from '../analytics/analytics.module.js';
import { GovernanceModule } from '../governance/governance.module.js';
import { QueryModule } from '../query/query.module.js';
import { UsersModule } from '../users/users.module.js';
import { ViewsModule } from '../views/views.module.js';
import { SubscriptionSender } from './subscription-sender.js';
import { SubscriptionsController } from './subscriptions.controller.js';
import { SubscriptionsRepository } from './subscriptions.repository.js';
import { SubscriptionsService } from './subscriptions.service.js';
import { TrendNoticesJob } from './trend-notices.job.js';
import { ViewAlertsJob } from './view-alerts.job.js';
import { ViewReader } from './view-reader.js';

/**
 * What reaches people without their signing in: subscriptions to saved views and dashboards (charts
 * by email), threshold alerts on saved views, and emerging-trend notices. Every figure is read as the
 * person it goes to, at the time it goes. See docs/notifications.md.
 */
@Module({
  imports: [ViewsModule, QueryModule, UsersModule, GovernanceModule, AnalyticsModule],
  controllers: [SubscriptionsController],
  providers: [SubscriptionsRepository, SubscriptionsService, ViewReader, SubscriptionSender, ViewAlertsJob, TrendNoticesJob],
  exports: [SubscriptionSender, ViewAlertsJob, TrendNoticesJob],
})
export class SubscriptionsModule {}
