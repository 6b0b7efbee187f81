import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { AnalyticsModule } from '../analytics/analytics.module.js';
import { GovernanceModule } from '../governance/governance.module.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { UsersModule } from '../users/users.module.js';
import { BoardPackController } from './board-pack.controller.js';
import { BoardPackFiguresService } from './board-pack-figures.js';
import { BoardPackRepository } from './board-pack.repository.js';
import { BoardPackService } from './board-pack.service.js';

/** The Information Management Board's quarterly pack as a PDF (pdfkit). See docs/notifications.md. */
@Module({
  imports: [AccessModule, AnalyticsModule, GovernanceModule, OrganisationsModule, UsersModule],
  controllers: [BoardPackController],
  providers: [BoardPackRepository, BoardPackFiguresService, BoardPackService],
  exports: [BoardPackService],
})
export class BoardPackModule {}
