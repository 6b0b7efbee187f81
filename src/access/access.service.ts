import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import type { Dataset } from '../datasets/dataset.entity.js';
import { decideAccess, type DatasetAccess, type QueryScope, subjectAccessScope } from './access-policy.js';
import { GrantsRepository } from './grants.repository.js';

/** How often a grant's `lastUsedAt` is written at most, so busy dashboards do not write on every request. */
const LAST_USED_EVERY_MS = 60_000;

/**
 * The access helper services call: loads the caller's live grants and asks the policy
 * (access-policy.ts) about each dataset. Holds no rules of its own.
 */
@Injectable()
export class AccessService {
  private readonly logger = new Logger(AccessService.name);
  private readonly touched = new Map<string, number>();

  constructor(private readonly grants: GrantsRepository) {}

  async forDataset(caller: AuthUser, dataset: Dataset, narrowTo?: readonly string[]): Promise<DatasetAccess> {
    return (await this.forDatasets(caller, [dataset], narrowTo)).get(dataset.id)!;
  }

  /** The caller's access to each dataset, reading grants once. */
  async forDatasets(caller: AuthUser, datasets: readonly Dataset[], narrowTo?: readonly string[]): Promise<Map<string, DatasetAccess>> {
    const now = new Date();
    const grants = await this.grants.liveForCaller(caller, now);
    const policyCaller = { id: caller.id, organisationId: caller.organisationId, roles: caller.roles };
    const ceiling = caller.apiToken?.kind === 'dataset_query' ? caller.apiToken.ceiling : null;
    return new Map(
      datasets.map((d) => [d.id, decideAccess({ caller: policyCaller, dataset: { id: d.id, ownerOrganisationId: d.ownerOrganisationId, columns: d.columns }, grants, now, narrowTo, ceiling })]),
    );
  }

  /** Where the caller may search each dataset for one person (subject access); datasets with none are left out. */
  async subjectScopes(caller: AuthUser, datasets: readonly Dataset[]): Promise<Map<string, QueryScope>> {
    const now = new Date();
    const grants = await this.grants.liveForCaller(caller, now);
    const policyCaller = { id: caller.id, organisationId: caller.organisationId, roles: caller.roles };
    const out = new Map<string, QueryScope>();
    for (const d of datasets) {
      const scope = subjectAccessScope({ caller: policyCaller, dataset: { id: d.id, ownerOrganisationId: d.ownerOrganisationId, columns: d.columns }, grants, now });
      if (scope) out.set(d.id, scope);
    }
    return out;
  }

  /** Records that grants were used (at most once a minute per grant); never fails the request. */
  noteUse(grantIds: readonly string[]): void {
    const now = Date.now();
    const due = grantIds.filter((id) => now - (this.touched.get(id) ?? 0) > LAST_USED_EVERY_MS);
    if (due.length === 0) return;
    for (const id of due) this.touched.set(id, now);
    this.grants.touchLastUsed(due, new Date(now)).catch((err) => this.logger.warn(`Could not record grant use: ${(err as Error).message}`));
  }
}
