import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { actorOf } from '../audit/audit-event.js';
import { DatasetsRepository } from '../datasets/datasets.repository.js';
import { ALL_AREA_CODES } from '../organisations/areas.reference.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { AccessLevel } from './access-level.js';
import { GrantsRepository } from './grants.repository.js';
import { GrantsService } from './grants.service.js';

const DAY_MS = 86_400_000;
const ADMIN = 'admin@demo.csp-hub.test';
const DATASET = 'police-uk-street';

/**
 * Demo grants on the demo police data, so each demo analyst meets a different access level:
 * Winchester sees suppressed counts everywhere (and has a pending request for rows), Portsmouth
 * sees rows in Portsmouth, the Office of the PCC (admin, IMB) suppressed counts everywhere, so the
 * demo dashboard "ASB across the partnership" has data for them too. Issued through the real service (audited); only on an empty grants table.
 */
@Injectable()
export class AccessDemoSeed {
  private readonly logger = new Logger(AccessDemoSeed.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly datasets: DatasetsRepository,
    private readonly organisations: OrganisationsService,
    private readonly users: UsersRepository,
    private readonly grantsRepository: GrantsRepository,
    private readonly grants: GrantsService,
  ) {}

  async seed(): Promise<void> {
    const [dataset, admin] = await Promise.all([this.datasets.findBySlug(DATASET), this.users.findByEmail(ADMIN)]);
    if (!dataset || !admin || (await this.grantsRepository.list({ datasetIds: [dataset.id] })).length > 0) return;
    const plan = [
      { org: 'winchester', level: AccessLevel.Aggregate, areas: [...ALL_AREA_CODES], purpose: 'Demo: partnership-wide ASB trends for the Winchester CSP' },
      { org: 'portsmouth', level: AccessLevel.Record, areas: ['E06000044'], purpose: 'Demo: ASB problem-solving in Portsmouth' },
      { org: 'opcc', level: AccessLevel.Aggregate, areas: [...ALL_AREA_CODES], purpose: 'Demo: ASB across the partnership, for the Police and Crime Plan' },
    ];
    const now = Date.now();
    for (const p of plan) {
      const org = await this.organisations.getBySlug(p.org);
      await this.dataSource.transaction((em) =>
        this.grants.issue(
          em,
          { datasetId: dataset.id, granteeOrganisationId: org.id, granteeUserId: null, level: p.level, areas: p.areas, purpose: p.purpose, startsAt: new Date(now - DAY_MS), endsAt: new Date(now + 365 * DAY_MS), createdBy: admin.id },
          actorOf(admin),
          null,
        ),
      );
    }
    this.grants.changed();
    this.logger.log(`Seeded ${plan.length} demo grants on ${DATASET}`);
  }
}
