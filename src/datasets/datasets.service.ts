import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { notFound } from '../common/domain-error.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { type DatasetDetailDto, type DatasetSummaryDto, toDetail, toSummary } from './datasets.dto.js';
import { DatasetsRepository } from './datasets.repository.js';

/** The catalogue as a caller sees it: every dataset, with the caller's own access to each. */
@Injectable()
export class DatasetsService {
  constructor(
    private readonly datasets: DatasetsRepository,
    private readonly access: AccessService,
    private readonly organisations: OrganisationsService,
  ) {}

  async list(caller: AuthUser): Promise<DatasetSummaryDto[]> {
    const all = await this.datasets.list();
    const [accesses, owners] = await Promise.all([this.access.forDatasets(caller, all), this.organisations.byIds(all.map((d) => d.ownerOrganisationId))]);
    return all.map((d) => toSummary(d, owners.get(d.ownerOrganisationId), accesses.get(d.id)!));
  }

  async get(caller: AuthUser, slug: string): Promise<DatasetDetailDto> {
    const dataset = await this.datasets.findBySlug(slug);
    if (!dataset) throw notFound('dataset_not_found', `There is no dataset "${slug}".`);
    const [access, owners] = await Promise.all([this.access.forDataset(caller, dataset), this.organisations.byIds([dataset.ownerOrganisationId])]);
    return toDetail(dataset, owners.get(dataset.ownerOrganisationId), access);
  }
}
