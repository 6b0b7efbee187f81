import { AccessLevel } from '../../src/access/access-level.js';
import type { Grant } from '../../src/access/grant.entity.js';
import { GrantsService } from '../../src/access/grants.service.js';
import type { Dataset } from '../../src/datasets/dataset.entity.js';
import { OrganisationsService } from '../../src/organisations/organisations.service.js';
import type { TestHub } from '../support/test-hub.js';

export interface GrantOptions {
  /** Grantee organisation slug. */
  organisation?: string;
  userId?: string;
  level?: AccessLevel;
  areas: string[];
  startsAt?: Date;
  endsAt?: Date;
}

/** Issues a grant directly (no HTTP, any dates), as the governance workflow would. */
export async function createGrant(hub: TestHub, dataset: Dataset, options: GrantOptions): Promise<Grant> {
  const org = options.organisation ? await hub.app.get(OrganisationsService).getBySlug(options.organisation) : null;
  const grants = hub.app.get(GrantsService);
  const grant = await hub.dataSource.transaction((em) =>
    grants.issue(
      em,
      {
        datasetId: dataset.id,
        granteeOrganisationId: org?.id ?? null,
        granteeUserId: options.userId ?? null,
        level: options.level ?? AccessLevel.Aggregate,
        areas: options.areas,
        purpose: 'Test grant',
        startsAt: options.startsAt ?? new Date(Date.now() - 86_400_000),
        endsAt: options.endsAt ?? new Date(Date.now() + 30 * 86_400_000),
        createdBy: null,
      },
      null,
      null,
    ),
  );
  grants.changed();
  return grant;
}
