import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { API_TOKEN_GATE } from '../auth/api-token-gate.js';
import { FeedsRepository } from '../ingest/feeds.repository.js';
import { UsersModule } from '../users/users.module.js';
import { ApiTokenAuthenticator } from './api-token-authenticator.js';
import { ApiTokenAuthGuard, ApiTokenPath } from './api-token.gate.js';
import { ApiTokenStrategy } from './api-token.strategy.js';
import { ApiTokenUseInterceptor } from './api-token-use.interceptor.js';
import { ApiTokensController } from './api-tokens.controller.js';
import { ApiTokensRepository } from './api-tokens.repository.js';
import { ApiTokensService } from './api-tokens.service.js';

/**
 * Scoped API tokens for partners' systems: a feed's uploads or one dataset's questions. Global so
 * that the one access guard (src/auth) finds the token path through {@link API_TOKEN_GATE}.
 */
@Global()
@Module({
  imports: [PassportModule, UsersModule],
  controllers: [ApiTokensController],
  providers: [
    ApiTokensRepository,
    // IngestModule does not export it; a second instance of a stateless repository is harmless.
    FeedsRepository,
    ApiTokensService,
    ApiTokenAuthenticator,
    ApiTokenStrategy,
    ApiTokenAuthGuard,
    ApiTokenPath,
    { provide: API_TOKEN_GATE, useExisting: ApiTokenPath },
    { provide: APP_INTERCEPTOR, useClass: ApiTokenUseInterceptor },
  ],
  exports: [API_TOKEN_GATE],
})
export class ApiTokensModule {}
