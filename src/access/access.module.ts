import { Global, Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { UsersModule } from '../users/users.module.js';
import { AccessDemoSeed } from './access-demo.seed.js';
import { AccessService } from './access.service.js';
import { GrantChanges } from './grant-changes.js';
import { GrantRevocations } from './grant-revocations.js';
import { GrantsController } from './grants.controller.js';
import { GrantsRepository } from './grants.repository.js';
import { GrantsService } from './grants.service.js';

/**
 * Who may see which dataset: grants, their admin API, and the policy (access-policy.ts).
 * Global so that query, the catalogue and the governance workflow share one GrantChanges.
 */
@Global()
@Module({
  imports: [OrganisationsModule, UsersModule],
  controllers: [GrantsController],
  providers: [GrantsRepository, GrantsService, GrantChanges, GrantRevocations, AccessService, AccessDemoSeed],
  exports: [GrantsService, GrantChanges, GrantRevocations, AccessService, AccessDemoSeed],
})
export class AccessModule {}
