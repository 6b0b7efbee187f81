import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { UsersModule } from '../users/users.module.js';
import { AnalyticsDemoSeed } from './analytics-demo.seed.js';
import { AnalyticsSources } from './analytics-sources.js';
import { AnalyticsController } from './analytics.controller.js';
import { AnalyticsRepository } from './analytics.repository.js';
import { AnalyticsService } from './analytics.service.js';
import { MatchKeysProvider } from './match-keys.provider.js';

/** Threat, risk and harm analytics, and the hub's key maker for pseudonymised matching. */
@Module({
  imports: [OrganisationsModule, UsersModule],
  controllers: [AnalyticsController],
  providers: [AnalyticsRepository, AnalyticsSources, AnalyticsService, MatchKeysProvider, AnalyticsDemoSeed],
  exports: [MatchKeysProvider, AnalyticsDemoSeed, AnalyticsRepository, AnalyticsService],
})
export class AnalyticsModule {}
