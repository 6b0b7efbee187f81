import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { actorOf } from '../audit/audit-event.js';
import type { AuthUser } from '../auth/auth-user.js';
import { ALL_ROLES } from '../auth/role.js';
import { badRequest } from '../common/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import type { IdentityProvider } from './identity-provider.entity.js';
import { IdentityProvidersRepository } from './identity-providers.repository.js';
import { OidcClientService, type ProviderSettings } from './oidc-client.service.js';
import { SsoFailure } from './oidc-failure.js';
import { SecretBox } from './secret-box.js';
import { IdentityProviderDto, type ProviderCheckDto, type SaveIdentityProviderDto } from './sso.dto.js';

const SECRET = 'identity_providers.client_secret';
const KEY = 'identity_providers.private_key';

/** The administrator's settings page for an organisation's provider; secrets are sealed at rest. */
@Injectable()
export class ProviderSettingsService {
  private readonly box: SecretBox;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly providers: IdentityProvidersRepository,
    private readonly organisations: OrganisationsService,
    private readonly client: OidcClientService,
    private readonly audit: AuditService,
  ) {
    this.box = new SecretBox(config.auth.secretsKey);
  }

  /** The provider with its secret or key opened, for the OpenID Connect client. */
  open(p: IdentityProvider): ProviderSettings {
    const unseal = (value: string | null, purpose: string) => {
      if (!value) return null;
      try {
        return this.box.open(value, purpose);
      } catch {
        throw new SsoFailure('client_rejected', 'The stored client secret or key cannot be opened with this SECRETS_KEY. Enter it again on the settings page.');
      }
    };
    return {
      organisationId: p.organisationId,
      issuer: p.issuer,
      clientId: p.clientId,
      clientAuth: p.clientAuth,
      clientSecret: unseal(p.clientSecretSealed, SECRET),
      privateKey: unseal(p.privateKeySealed, KEY),
      scopes: p.scopes,
      clockToleranceSeconds: p.clockToleranceSeconds,
      version: p.updatedAt.toISOString(),
    };
  }

  async get(slug: string): Promise<IdentityProviderDto> {
    const org = await this.organisations.getBySlug(slug);
    return IdentityProviderDto.from(slug, await this.providers.find(org.id), this.client.redirectUri());
  }

  async save(caller: AuthUser, slug: string, dto: SaveIdentityProviderDto, address: string): Promise<IdentityProviderDto> {
    const org = await this.organisations.getBySlug(slug);
    const existing = await this.providers.find(org.id);
    validate(dto, existing);
    const changes: Partial<IdentityProvider> & { organisationId: string } = {
      organisationId: org.id,
      enabled: dto.enabled,
      issuer: dto.issuer.trim().replace(/\/+$/, '') || dto.issuer,
      clientId: dto.clientId,
      clientAuth: dto.clientAuth,
      scopes: dto.scopes ?? existing?.scopes ?? 'openid email profile',
      allowedDomains: dto.allowedDomains,
      roleMapping: dto.roleMapping,
      rolesClaim: dto.roleMapping === 'claim' ? (dto.rolesClaim ?? null) : null,
      roleMap: dto.roleMapping === 'claim' ? (dto.roleMap ?? {}) : {},
      autoCreate: dto.autoCreate,
      localPasswords: dto.localPasswords,
      clockToleranceSeconds: dto.clockToleranceSeconds ?? existing?.clockToleranceSeconds ?? 60,
    };
    if (dto.clientSecret) changes.clientSecretSealed = this.box.seal(dto.clientSecret, SECRET);
    if (dto.privateKey) changes.privateKeySealed = this.box.seal(dto.privateKey, KEY);
    await this.dataSource.transaction(async (em) => {
      await this.providers.save(em, changes);
      const { clientSecretSealed: _s, privateKeySealed: _k, ...logged } = changes;
      await this.audit.record(
        {
          actor: actorOf(caller),
          action: existing ? 'identity_provider.updated' : 'identity_provider.created',
          target: { type: 'organisation', id: org.id },
          details: { ...logged, clientSecretChanged: Boolean(dto.clientSecret), privateKeyChanged: Boolean(dto.privateKey) },
          address,
        },
        em,
      );
    });
    this.client.forget(org.id);
    return this.get(slug);
  }

  /** Discovery, fetched afresh: the settings page's "test connection". The reason is kept for the admin. */
  async check(caller: AuthUser, slug: string, address: string): Promise<ProviderCheckDto> {
    const org = await this.organisations.getBySlug(slug);
    const provider = await this.providers.find(org.id);
    if (!provider) throw badRequest('sso_not_configured', 'Save the provider settings before testing them.');
    try {
      const found = await this.client.check(this.open(provider));
      await this.providers.recordError(org.id, null, new Date());
      await this.audit.record({ actor: actorOf(caller), action: 'identity_provider.checked', target: { type: 'organisation', id: org.id }, details: { ok: true }, address });
      return { ok: true, ...found };
    } catch (err) {
      const failure = err instanceof SsoFailure ? err : new SsoFailure('invalid_response', String((err as Error)?.message ?? err));
      await this.providers.recordError(org.id, `${failure.reason}: ${failure.detail}`, new Date());
      await this.audit.record({ actor: actorOf(caller), action: 'identity_provider.checked', target: { type: 'organisation', id: org.id }, details: { ok: false, reason: failure.reason }, address });
      return { ok: false, reason: failure.reason, message: failure.detail };
    }
  }
}

function validate(dto: SaveIdentityProviderDto, existing: IdentityProvider | null): void {
  if (dto.enabled && dto.allowedDomains.length === 0) {
    throw badRequest('allowed_domains_required', 'Give at least one allowed email domain before switching single sign-on on.');
  }
  if (dto.roleMapping === 'claim') {
    if (!dto.rolesClaim) throw badRequest('roles_claim_required', 'Name the claim that carries groups or roles, like groups.');
    const bad = Object.values(dto.roleMap ?? {}).filter((r) => !ALL_ROLES.includes(r));
    if (bad.length) throw badRequest('unknown_role', `Map claim values to hub roles only (${ALL_ROLES.join(', ')}); not ${bad.join(', ')}.`);
  }
  if (dto.clientAuth === 'private_key_jwt') {
    if (!dto.privateKey && !existing?.privateKeySealed) throw badRequest('private_key_required', 'Give the private key (a JWK) for private_key_jwt.');
    if (dto.privateKey) {
      let jwk: { kty?: string; d?: string };
      try {
        jwk = JSON.parse(dto.privateKey);
      } catch {
        throw badRequest('private_key_invalid', 'The private key must be a JSON Web Key (JSON).');
      }
      if (!jwk.d || (jwk.kty !== 'RSA' && jwk.kty !== 'EC')) throw badRequest('private_key_invalid', 'The private key must be a private RSA or EC JSON Web Key.');
    }
  } else if (!dto.clientSecret && !existing?.clientSecretSealed) {
    throw badRequest('client_secret_required', 'Give the client secret the provider issued for the hub.');
  }
}
