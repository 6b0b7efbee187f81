import { Module } from '@nestjs/common';
import { QueryModule } from '../query/query.module.js';
import { UsersModule } from '../users/users.module.js';
import { DashboardsController } from './dashboards.controller.js';
import { DashboardsService } from './dashboards.service.js';
import { ViewPeople } from './view-people.js';
import { ViewsDemoSeed } from './views-demo.seed.js';
import { ViewsController } from './views.controller.js';
import { ViewsRepository } from './views.repository.js';
import { ViewsService } from './views.service.js';

/** Saved views and dashboards (GET/POST /api/views, /api/dashboards); views run through the query engine as the viewer. */
@Module({
  imports: [QueryModule, UsersModule],
  controllers: [ViewsController, DashboardsController],
  providers: [ViewsRepository, ViewsService, DashboardsService, ViewPeople, ViewsDemoSeed],
  exports: [ViewsDemoSeed, ViewsService, ViewsRepository],
})
export class ViewsModule {}
