import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { OrganisationsController } from './organisations.controller.js';
import { OrganisationsRepository } from './organisations.repository.js';
import { OrganisationsService } from './organisations.service.js';

@Module({
  controllers: [OrganisationsController],
  providers: [OrganisationsRepository, OrganisationsService],
  exports: [OrganisationsService],
})
export class OrganisationsModule implements OnApplicationBootstrap {
  constructor(private readonly organisations: OrganisationsService) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.organisations.ensureReferenceOrganisations();
  }
}
