import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { UsersModule } from '../users/users.module.js';
import { IdentityProviderController } from './identity-provider.controller.js';
import { IdentityProvidersRepository } from './identity-providers.repository.js';
import { OidcClientService } from './oidc-client.service.js';
import { ProviderSettingsService } from './provider-settings.service.js';
import { SsoController } from './sso.controller.js';
import { SsoService } from './sso.service.js';

/** Single sign-on through each partner organisation's own OpenID Connect provider. */
@Module({
  imports: [AuthModule, UsersModule, OrganisationsModule],
  controllers: [SsoController, IdentityProviderController],
  providers: [IdentityProvidersRepository, OidcClientService, ProviderSettingsService, SsoService],
})
export class SsoModule {}
