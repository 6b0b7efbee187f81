import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { hasPermission, Permission } from '../auth/permission.js';
import { DEMO_ACCOUNTS } from '../demo/demo-accounts.js';
import { UsersRepository } from '../users/users.repository.js';
import type { TileWidth } from './dashboard.entity.js';
import { DashboardsService } from './dashboards.service.js';
import { SharingMode } from './sharing.js';
import { ViewsRepository } from './views.repository.js';
import { ViewsService } from './views.service.js';

const OWNER = 'admin@demo.csp-hub.test';
const ASB = { field: 'category_group', op: 'eq', value: 'Anti-social behaviour' };
const PCC = 'opcc-projects';

interface DemoView {
  title: string;
  description: string;
  query: Record<string, unknown>;
  chart: { type: string; options: Record<string, unknown> };
  width: TileWidth;
}

const ASB_VIEWS: DemoView[] = [
  { title: 'ASB reports per month', description: 'Every partner, police and councils together.', query: { dataset: '*', measures: ['count'], groupBy: ['month'], filters: [ASB] }, chart: { type: 'line', options: {} }, width: 4 },
  { title: 'ASB by district', description: 'Click a district to filter the other charts.', query: { dataset: '*', measures: ['count'], groupBy: ['district'], filters: [ASB] }, chart: { type: 'bar', options: { by: 'district' } }, width: 2 },
  { title: 'ASB by category', description: 'Click a category to filter the other charts.', query: { dataset: '*', measures: ['count'], groupBy: ['category'], filters: [ASB] }, chart: { type: 'bar', options: { by: 'category' } }, width: 2 },
  { title: 'Police and council reports side by side', description: 'Each month by the partner that recorded it.', query: { dataset: '*', measures: ['count'], groupBy: ['month', 'source'], filters: [ASB] }, chart: { type: 'stacked', options: { by: 'source' } }, width: 4 },
];

const PCC_VIEWS: DemoView[] = [
  { title: 'Projects per plan strand', description: 'Police and Crime Plan projects by strand.', query: { dataset: PCC, measures: ['count'], groupBy: ['category'] }, chart: { type: 'bar', options: { by: 'category' } }, width: 2 },
  { title: 'Projects per priority', description: 'High, medium and low priority projects.', query: { dataset: PCC, measures: ['count'], groupBy: ['priority'] }, chart: { type: 'bar', options: { by: 'priority' } }, width: 2 },
  { title: 'Completed, current and candidate projects', description: 'Where each project is in its life.', query: { dataset: PCC, measures: ['count'], groupBy: ['status'] }, chart: { type: 'bar', options: { by: 'status' } }, width: 2 },
  { title: 'Status within each strand', description: 'Completed vs current vs candidate, per strand.', query: { dataset: PCC, measures: ['count'], groupBy: ['category', 'status'] }, chart: { type: 'heatmap', options: { by: 'status', x: 'category' } }, width: 2 },
];

/** July and August of the three most recent summers that have begun (the client's `summerMonths`). */
export function lastThreeSummers(today: Date = new Date()): string[] {
  const latest = today.getUTCMonth() >= 6 ? today.getUTCFullYear() : today.getUTCFullYear() - 1;
  return [latest - 2, latest - 1, latest].flatMap((y) => [`${y}-07`, `${y}-08`]);
}

/** Rates and deprivation (docs/reference-data.md): rates come from released counts. */
function deprivationViews(): DemoView[] {
  const summers = { field: 'month', op: 'in', value: lastThreeSummers() };
  return [
    { title: 'ASB rate by deprivation decile, the partnership', description: 'Reports per 1,000 residents in each tenth of LSOAs by IMD 2019 (1 = most deprived).', query: { dataset: '*', measures: ['count'], groupBy: ['decile'], filters: [ASB], rate: 'all' }, chart: { type: 'bar', options: { by: 'decile' } }, width: 2 },
    { title: 'ASB rate by deprivation decile, each district', description: 'Reports per 1,000 residents by district and IMD 2019 decile.', query: { dataset: '*', measures: ['count'], groupBy: ['district', 'decile'], filters: [ASB], rate: 'all' }, chart: { type: 'heatmap', options: { by: 'district' } }, width: 2 },
    { title: 'Summer holiday ASB hot spots, last three years', description: 'July and August: the 50 LSOAs with most reports, with the rate per 1,000 children aged 0–15. On a map: Explore, Map by LSOA, Months: summer holidays.', query: { dataset: '*', measures: ['count'], groupBy: ['lsoa11'], filters: [ASB, summers], rate: 'children', orderBy: ['-count'], limit: 50 }, chart: { type: 'table', options: {} }, width: 4 },
  ];
}

/**
 * `audience`: who the dashboard is shared with. Both go to every demo account that can use views;
 * each sees only what their own access allows (the PCC's project list is granted to the demo
 * partners over the whole partnership area, which reaches its rows that belong to no district).
 */
export const DEMO_DASHBOARDS: { title: string; description: string; views: DemoView[]; audience: 'demo-accounts' | 'organisation' }[] = [
  { title: 'ASB across the partnership', description: 'Trends, districts and categories of anti-social behaviour, police and council side by side. Each chart shows only what you may see.', views: ASB_VIEWS, audience: 'demo-accounts' },
  { title: 'Deprivation and summer hot spots', description: 'ASB per 1,000 residents by deprivation decile, for the partnership and each district, and where the summer-holiday hot spots were (for placing diversionary schemes).', views: deprivationViews(), audience: 'demo-accounts' },
  { title: 'Police and Crime Plan delivery', description: "The Office of the PCC's project list: projects per strand, per priority, and completed vs current vs candidate.", views: PCC_VIEWS, audience: 'demo-accounts' },
];

/**
 * The demo dashboards, made by the demo administrator through the ordinary services (audited) and
 * shared as `audience` says. Only when there are no dashboards yet.
 */
@Injectable()
export class ViewsDemoSeed {
  private readonly logger = new Logger(ViewsDemoSeed.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly views: ViewsService,
    private readonly dashboards: DashboardsService,
    private readonly repository: ViewsRepository,
  ) {}

  async seed(): Promise<void> {
    const admin = await this.users.findByEmail(OWNER);
    if (!admin || (await this.repository.countDashboards()) > 0) return;
    const owner: AuthUser = { id: admin.id, email: admin.email, displayName: admin.displayName, organisationId: admin.organisationId, roles: admin.roles, sessionId: 'demo-seed', mustChangePassword: false };
    const audience = DEMO_ACCOUNTS.filter((a) => a.email !== OWNER && hasPermission(a.roles, Permission.ViewsUse)).map((a) => a.email);
    for (const d of DEMO_DASHBOARDS) {
      const sharing = d.audience === 'organisation' ? { mode: SharingMode.Organisation } : { mode: SharingMode.Users, users: audience };
      const layout = [];
      for (const v of d.views) {
        const saved = await this.views.create(owner, { title: v.title, description: v.description, query: v.query, chart: v.chart, sharing }, null);
        layout.push({ viewId: saved.id, width: v.width });
      }
      await this.dashboards.create(owner, { title: d.title, description: d.description, layout, sharing }, null);
    }
    this.logger.log(`Seeded ${DEMO_DASHBOARDS.length} demo dashboards`);
  }
}
