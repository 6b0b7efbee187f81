import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { AnalyticsSources } from './analytics-sources.js';
import { AnalyticsController } from './analytics.controller.js';
import { AnalyticsRepository } from './analytics.repository.js';
import { AnalyticsService } from './analytics.service.js';
import { MatchKeysProvider } from './match-keys.provider.js';

/** Threat, risk and harm analytics, and the hub's key maker for pseudonymised matching. */
@Module({
  imports: [OrganisationsModule],
  controllers: [AnalyticsController],
  providers: [AnalyticsRepository, AnalyticsSources, AnalyticsService, MatchKeysProvider],
  exports: [MatchKeysProvider],
})
export class AnalyticsModule {}
