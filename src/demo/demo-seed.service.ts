import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { UsersService } from '../users/users.service.js';
import { DEMO_ACCOUNTS, type DemoAccount } from './demo-accounts.js';

/** Seeds demo accounts on an empty database, never in production. */
@Injectable()
export class DemoSeedService {
  private readonly logger = new Logger(DemoSeedService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly organisations: OrganisationsService,
    private readonly users: UsersService,
  ) {}

  /** Returns the accounts created, or an empty list when seeding did not apply. */
  async seedIfEmpty(): Promise<readonly DemoAccount[]> {
    if (!this.config.demo.seed || this.config.env === 'production') return [];
    await this.organisations.ensureReferenceOrganisations();
    if ((await this.users.count()) > 0) return [];
    for (const account of DEMO_ACCOUNTS) {
      await this.users.createWithPassword({ ...account, password: this.config.demo.password });
    }
    this.logger.log(`Seeded ${DEMO_ACCOUNTS.length} demo accounts`);
    return DEMO_ACCOUNTS;
  }
}
