import { Injectable, Logger } from '@nestjs/common';
import { notFound } from '../common/domain-error.js';
import type { Organisation } from './organisation.entity.js';
import { OrganisationDto } from './organisations.dto.js';
import { ORGANISATIONS } from '../../domain/organisations.reference.js';
import { OrganisationsRepository } from './organisations.repository.js';

@Injectable()
export class OrganisationsService {
  private readonly logger = new Logger(OrganisationsService.name);

  constructor(private readonly repository: OrganisationsRepository) {}

  /** Makes sure every Hampshire and Isle of Wight partner exists; runs at every start. */
  async ensureReferenceOrganisations(): Promise<void> {
    const added = await this.repository.insertMissing(ORGANISATIONS);
    if (added > 0) this.logger.log(`Added ${added} partner organisations`);
  }

  async list(): Promise<OrganisationDto[]> {
    return (await this.repository.list()).map(OrganisationDto.from);
  }

  async get(id: string): Promise<Organisation> {
    const org = await this.repository.findById(id);
    if (!org) throw notFound('organisation_not_found', 'There is no such organisation.');
    return org;
  }

  async getBySlug(slug: string): Promise<Organisation> {
    const org = await this.repository.findBySlug(slug);
    if (!org) throw notFound('organisation_not_found', `There is no organisation "${slug}".`);
    return org;
  }

  async byIds(ids: string[]): Promise<Map<string, Organisation>> {
    return new Map((await this.repository.findByIds([...new Set(ids)])).map((o) => [o.id, o]));
  }
}
