import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { actorOf } from '../audit/audit-event.js';
import { DatasetsRepository } from '../datasets/datasets.repository.js';
import { ALL_AREA_CODES } from '../../domain/areas.reference.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { AccessLevel } from './access-level.js';
import { GrantsRepository } from './grants.repository.js';
import { GrantsService } from './grants.service.js';

const DAY_MS = 86_400_000;
const ADMIN = 'admin@demo.csp-hub.test';

/** Per dataset, the demo grants on it. */
const PLAN = [
  {
    dataset: 'police-uk-street',
    grants: [
      { org: 'winchester', level: AccessLevel.Aggregate, purpose: 'Demo: partnership-wide ASB trends for the Winchester CSP', areas: [...ALL_AREA_CODES] },
      { org: 'portsmouth', level: AccessLevel.Record, purpose: 'Demo: ASB problem-solving in Portsmouth', areas: ['E06000044'] },
      { org: 'opcc', level: AccessLevel.Aggregate, purpose: 'Demo: ASB across the partnership, for the Police and Crime Plan', areas: [...ALL_AREA_CODES] },
    ],
  },
  {
    // The plan's projects belong to no one district: a grant over the whole partnership reaches them.
    dataset: 'opcc-projects',
    grants: ['hiow-constabulary', 'winchester', 'portsmouth'].map((org) => ({
      org,
      level: AccessLevel.Record,
      purpose: 'Demo: Police and Crime Plan delivery, shared with the partnership',
      areas: [...ALL_AREA_CODES],
    })),
  },
];

/**
 * Demo grants, so each demo analyst meets a different access level on the police data: Winchester
 * sees suppressed counts everywhere (and has a pending request for rows), Portsmouth sees rows in
 * Portsmouth, the Office of the PCC (admin, IMB) suppressed counts everywhere, so the demo
 * dashboard "ASB across the partnership" has data for them too. The PCC's project list is shared
 * with the partners whose demo accounts chart it. Issued through the real service (audited); only
 * for a dataset that has no grants yet.
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
    const admin = await this.users.findByEmail(ADMIN);
    if (!admin) return;
    const now = Date.now();
    let issued = 0;
    for (const entry of PLAN) {
      const dataset = await this.datasets.findBySlug(entry.dataset);
      if (!dataset || (await this.grantsRepository.list({ datasetIds: [dataset.id] })).length > 0) continue;
      for (const p of entry.grants) {
        const org = await this.organisations.getBySlug(p.org);
        await this.dataSource.transaction((em) =>
          this.grants.issue(
            em,
            { datasetId: dataset.id, granteeOrganisationId: org.id, granteeUserId: null, level: p.level, areas: p.areas, purpose: p.purpose, startsAt: new Date(now - DAY_MS), endsAt: new Date(now + 365 * DAY_MS), createdBy: admin.id },
            actorOf(admin),
            null,
          ),
        );
        issued += 1;
      }
    }
    if (issued === 0) return;
    this.grants.changed();
    this.logger.log(`Seeded ${issued} demo grants`);
  }
}
