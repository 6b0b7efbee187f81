import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessLevel } from '../access/access-level.js';
import { GrantsService } from '../access/grants.service.js';
import { actorOf } from '../audit/audit-event.js';
import { DatasetsRepository } from '../datasets/datasets.repository.js';
import { ALL_AREA_CODES } from '../../domain/areas.reference.js';
import { ORGANISATIONS } from '../../domain/organisations.reference.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { UsersRepository } from '../users/users.repository.js';

const DAY_MS = 86_400_000;
const ADMIN = 'admin@demo.csp-hub.test';
const HOUSING = 'solent-housing';

/**
 * Demo grants on the demo partner ASB case datasets, so that the Threat, risk and harm screen has
 * something to show: the housing provider and each council it works in share their case records
 * at record level for that council's area (joint case management: Portsmouth's analyst sees
 * victims known both to the council and to Solent Housing), and the Office of the PCC counts
 * repeat victims and locations across the partnership at aggregate level (suppressed counts, no
 * keys). Issued through the real service (audited); only when none of these datasets has a grant.
 */
@Injectable()
export class AnalyticsDemoSeed {
  private readonly logger = new Logger(AnalyticsDemoSeed.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly datasets: DatasetsRepository,
    private readonly organisations: OrganisationsService,
    private readonly users: UsersRepository,
    private readonly grants: GrantsService,
  ) {}

  async seed(): Promise<void> {
    const admin = await this.users.findByEmail(ADMIN);
    const cases = (await this.datasets.list()).filter((d) => d.slug.endsWith('-asb-cases'));
    const housing = cases.find((d) => d.slug === `${HOUSING}-asb-cases`);
    if (!admin || !housing || (await this.grants.find({ datasetIds: cases.map((d) => d.id) })).length > 0) return;
    const orgs = new Map((await this.organisations.list()).map((o) => [o.id, o]));
    const housingAreas = ORGANISATIONS.find((o) => o.slug === HOUSING)!.areas;
    const plan: { datasetId: string; org: string; level: AccessLevel; areas: string[]; purpose: string }[] = [];
    for (const dataset of cases) {
      const owner = orgs.get(dataset.ownerOrganisationId ?? '');
      if (!owner) continue;
      plan.push({ datasetId: dataset.id, org: 'opcc', level: AccessLevel.Aggregate, areas: [...ALL_AREA_CODES], purpose: 'Demo: repeat victims and locations across the partnership, counts only' });
      const area = owner.onsCode;
      if (!area || !housingAreas.includes(area) || dataset.id === housing.id) continue;
      const purpose = `Demo: joint ASB case management, ${owner.name} and Solent Housing`;
      plan.push({ datasetId: dataset.id, org: HOUSING, level: AccessLevel.Record, areas: [area], purpose });
      plan.push({ datasetId: housing.id, org: owner.slug, level: AccessLevel.Record, areas: [area], purpose });
    }
    const now = Date.now();
    for (const p of plan) {
      const org = await this.organisations.getBySlug(p.org);
      await this.dataSource.transaction((em) =>
        this.grants.issue(
          em,
          { datasetId: p.datasetId, granteeOrganisationId: org.id, granteeUserId: null, level: p.level, areas: p.areas, purpose: p.purpose, startsAt: new Date(now - DAY_MS), endsAt: new Date(now + 365 * DAY_MS), createdBy: admin.id },
          actorOf(admin),
          null,
        ),
      );
    }
    this.grants.changed();
    this.logger.log(`Seeded ${plan.length} demo grants on partner ASB case records`);
  }
}
