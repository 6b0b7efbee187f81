import { Module } from '@nestjs/common';
import { SessionRepository } from '../auth/session.repository.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { UsersController } from './users.controller.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

/** Accounts. Provides the session store too, since disabling a user or resetting a password ends their sessions. */
@Module({
  imports: [OrganisationsModule],
  controllers: [UsersController],
  providers: [UsersRepository, SessionRepository, UsersService],
  exports: [UsersRepository, SessionRepository, UsersService],
})
export class UsersModule {}
