import { Injectable } from '@nestjs/common';
import { AccessLevel } from '../access/access-level.js';
import type { DatasetAccess, QueryScope } from '../access/access-policy.js';
import { AccessService } from '../access/access.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import type { Dataset } from '../datasets/dataset.entity.js';
import { DatasetsRepository } from '../datasets/datasets.repository.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { type AnalyticsSource, anyRowSql, columnNamesOf, type KeyColumn } from './analytics-sql.js';
import type { DatasetUse, PartnerRef } from './analytics.dto.js';
import { AnalyticsRepository } from './analytics.repository.js';

/** A dataset an analysis reads, under the scope the access policy gave the caller. */
export interface UsedSource {
  dataset: Dataset;
  access: DatasetAccess;
  scope: QueryScope;
  source: AnalyticsSource;
}

export interface SourceNeed {
  /** `aggregate`: counts only (suppressed where the level is aggregate); `records` or `identifiable`: row-level work. */
  level: 'aggregate' | 'records' | 'identifiable';
  /** Only datasets declaring this key column. */
  key?: KeyColumn;
  /** The caller's narrowing of areas. */
  areas?: readonly string[];
}

/**
 * Chooses the datasets an analysis may read for a caller, asking the access policy (the one
 * place that decides) for each: which rows (areas), at which level, with which columns.
 */
@Injectable()
export class AnalyticsSources {
  constructor(
    private readonly datasets: DatasetsRepository,
    private readonly access: AccessService,
    private readonly organisations: OrganisationsService,
    private readonly repository: AnalyticsRepository,
  ) {}

  async pick(caller: AuthUser, need: SourceNeed): Promise<UsedSource[]> {
    const all = await this.datasets.list();
    const candidates = need.key ? all.filter((d) => d.columns.some((c) => c.name === need.key)) : all;
    if (candidates.length === 0) return [];
    const accesses = await this.access.forDatasets(caller, candidates, need.areas);
    const used: UsedSource[] = [];
    for (const dataset of candidates) {
      const access = accesses.get(dataset.id)!;
      const scope = need.level === 'aggregate' ? access.aggregate : access.records;
      if (!scope) continue;
      if (need.level === 'identifiable' && scope.level !== AccessLevel.Identifiable) continue;
      if (!(await this.repository.tableExists(dataset.duckdbTable))) continue;
      const source: AnalyticsSource = { table: dataset.duckdbTable, slug: dataset.slug, partner: dataset.ownerOrganisationId, areas: scope.areas, columnNames: columnNamesOf(dataset.columns) };
      // An aggregate-level source with no rows in the caller's areas would only force suppression
      // on everything else; leaving it out reveals a zero count, which disclosure control releases anyway.
      if (scope.suppress && !(await this.repository.rows<{ found: boolean }>(anyRowSql(source)))[0]?.found) continue;
      used.push({ dataset, access, scope, source });
    }
    return used;
  }

  /** Records that the grants behind these sources were used. */
  noteUse(used: readonly UsedSource[]): void {
    this.access.noteUse(used.flatMap((u) => u.access.grantIds));
  }

  /** Partner names for organisation ids. */
  async partners(ids: readonly string[]): Promise<Map<string, PartnerRef>> {
    const orgs = await this.organisations.byIds([...new Set(ids)]);
    return new Map([...new Set(ids)].map((id) => [id, { id, name: orgs.get(id)?.name ?? 'Unknown partner' }]));
  }

  /** How results describe the datasets they used. */
  async describe(used: readonly UsedSource[]): Promise<DatasetUse[]> {
    const partners = await this.partners(used.map((u) => u.dataset.ownerOrganisationId));
    return used.map((u) => ({ slug: u.dataset.slug, title: u.dataset.title, partner: partners.get(u.dataset.ownerOrganisationId)!, level: u.scope.level }));
  }
}
