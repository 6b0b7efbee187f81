import { DynamicModule, Module } from '@nestjs/common';
import { AccessModule } from './access/access.module.js';
import { AnalyticsModule } from './analytics/analytics.module.js';
import { AnalyticsStoreModule } from './analytics-store/analytics-store.module.js';
import { ApiTokensModule } from './api-tokens/api-tokens.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CaseReviewModule } from './case-review/case-review.module.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DatasetsModule } from './datasets/datasets.module.js';
import type { PostgresEndpoint } from './database/postgres-endpoint.js';
import { DemoModule } from './demo/demo.module.js';
import { GeographyModule } from './geography/geography.module.js';
import { GovernanceModule } from './governance/governance.module.js';
import { IngestModule } from './ingest/ingest.module.js';
import { HealthModule } from './health/health.module.js';
import { OrganisationsModule } from './organisations/organisations.module.js';
import { QueryModule } from './query/query.module.js';
import { DisclosureModule } from './disclosure/disclosure.module.js';
import { ReferenceModule } from './reference/reference.module.js';
import { SsoModule } from './sso/sso.module.js';
import { UsersModule } from './users/users.module.js';
import { ViewsModule } from './views/views.module.js';
import { MailModule } from './mail/mail.module.js';
import { SchedulerModule } from './scheduler/scheduler.module.js';
import { BackupModule } from './backup/backup.module.js';
import { RetentionModule } from './retention/retention.module.js';
import { SubscriptionsModule } from './subscriptions/subscriptions.module.js';
import { BoardPackModule } from './board-pack/board-pack.module.js';
import { SubjectAccessModule } from './subject-access/subject-access.module.js';

/** The whole server, built from a loaded configuration and an open PostgreSQL endpoint. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, postgres: PostgresEndpoint): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(postgres, config.logLevel === 'silent'),
        AnalyticsStoreModule,
        AuditModule,
        SchedulerModule,
        MailModule,
        DatasetsModule,
        OrganisationsModule,
        UsersModule,
        AuthModule,
        SsoModule,
        ApiTokensModule,
        HealthModule,
        IngestModule,
        DemoModule,
        AccessModule,
        ReferenceModule,
        DisclosureModule,
        QueryModule,
        AnalyticsModule,
        GovernanceModule,
        ViewsModule,
        GeographyModule,
        BackupModule,
        CaseReviewModule,
        RetentionModule,
        SubscriptionsModule,
        BoardPackModule,
        SubjectAccessModule,
      ],
    };
  }
}
