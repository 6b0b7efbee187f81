import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { UsersModule } from '../users/users.module.js';
import { DemoSeedService } from './demo-seed.service.js';

@Module({ imports: [OrganisationsModule, UsersModule], providers: [DemoSeedService], exports: [DemoSeedService] })
export class DemoModule {}
