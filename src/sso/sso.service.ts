import { createHash, randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as oidc from 'openid-client';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { actorOf } from '../audit/audit-event.js';
import { AuthService, type IssuedToken, type RequestContext } from '../auth/auth.service.js';
import { notFound, unauthorised } from '../common/domain-error.js';
import type { Organisation } from '../organisations/organisation.entity.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import type { User } from '../users/user.entity.js';
import { UsersRepository } from '../users/users.repository.js';
import type { IdentityProvider } from './identity-provider.entity.js';
import { IdentityProvidersRepository } from './identity-providers.repository.js';
import { OidcClientService } from './oidc-client.service.js';
import { SsoFailure } from './oidc-failure.js';
import { ProviderSettingsService } from './provider-settings.service.js';
import { decide, identityFrom, type SsoIdentity, type SsoRefusal } from './sso-provisioning.js';

/** A browser's trip to its provider lasts at most this long. */
const ATTEMPT_MINUTES = 10;

/** Where the browser goes after the callback: the one-time code, or the reason it was refused. */
export type CallbackOutcome =
  | { ok: true; handoff: string; organisation: string }
  | { ok: false; error: SsoRefusal | 'unavailable' | 'expired' | 'provider_refused'; organisation: string | null };

const hash = (value: string) => createHash('sha256').update(value).digest('hex');
const randomKey = () => randomBytes(32).toString('base64url');

/**
 * Single sign-on through each organisation's own OpenID Connect provider. After the provider's
 * answer is validated (by openid-client) and the provisioning rules pass, the browser gets an
 * ordinary hub session from {@link AuthService.signIn}: same token lifetime, absolute length and
 * revocation as a password sign-in.
 */
@Injectable()
export class SsoService {
  private readonly logger = new Logger(SsoService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly providers: IdentityProvidersRepository,
    private readonly settings: ProviderSettingsService,
    private readonly client: OidcClientService,
    private readonly organisations: OrganisationsService,
    private readonly users: UsersRepository,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
  ) {}

  /** Organisations with single sign-on switched on: the sign-in page's buttons. */
  async list(): Promise<{ slug: string; name: string }[]> {
    return (await this.providers.listEnabled()).map(({ organisation }) => ({ slug: organisation.slug, name: organisation.name }));
  }

  /** The organisation whose provider serves an email's domain (the email-first step), or null. */
  async findForEmail(email: string): Promise<{ slug: string; name: string } | null> {
    const domain = email.trim().toLowerCase().split('@')[1];
    if (!domain) return null;
    const match = (await this.providers.listEnabled()).find(({ provider }) => provider.allowedDomains.includes(domain));
    return match ? { slug: match.organisation.slug, name: match.organisation.name } : null;
  }

  /**
   * Starts a sign-in: records the state, nonce and PKCE verifier against a fresh browser key and
   * returns the provider's authorization URL. A provider that cannot be reached throws SsoFailure.
   */
  async start(slug: string, ctx: RequestContext, loginHint?: string): Promise<{ url: string; browserKey: string }> {
    const { organisation, provider } = await this.enabledProvider(slug);
    const browserKey = randomKey();
    const checks = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
    let url: string;
    try {
      url = await this.client.authorizationUrl(this.settings.open(provider), { ...checks, loginHint });
    } catch (err) {
      throw await this.failed(organisation, err, ctx);
    }
    const now = new Date();
    await this.providers.deleteExpiredAttempts(now);
    await this.providers.createAttempt({ browserKeyHash: hash(browserKey), organisationId: organisation.id, ...checks, expiresAt: new Date(now.getTime() + ATTEMPT_MINUTES * 60_000) });
    return { url, browserKey };
  }

  /** Checks the provider's answer and the provisioning rules; never throws for a provider problem. */
  async callback(browserKey: string | undefined, callbackUrl: URL, ctx: RequestContext): Promise<CallbackOutcome> {
    const attempt = browserKey ? await this.providers.findAttempt(hash(browserKey)) : null;
    if (!attempt || attempt.userId || attempt.consumedAt || attempt.expiresAt <= new Date()) {
      await this.audit.record({ actor: null, action: 'auth.sso_refused', details: { reason: 'unknown_or_expired_attempt' }, address: ctx.address });
      return { ok: false, error: 'expired', organisation: null };
    }
    const organisation = await this.organisations.get(attempt.organisationId);
    const provider = await this.providers.find(organisation.id);
    if (!provider?.enabled) return { ok: false, error: 'unavailable', organisation: organisation.slug };
    let claims: oidc.IDToken;
    let identity: SsoIdentity;
    try {
      claims = await this.client.exchange(this.settings.open(provider), callbackUrl, attempt);
      identity = identityFrom(claims, provider);
    } catch (err) {
      // The provider said no (the person cancelled, or is not assigned to the hub's app there):
      // an answer about this person, not a fault of the provider to report to the administrator.
      if (err instanceof SsoFailure && err.reason === 'provider_refused') {
        const details = { reason: 'provider_refused', detail: err.detail.slice(0, 500) };
        await this.audit.record({ actor: null, action: 'auth.sso_refused', target: { type: 'organisation', id: organisation.id }, details, address: ctx.address });
        return { ok: false, error: 'provider_refused', organisation: organisation.slug };
      }
      await this.failed(organisation, err, ctx);
      return { ok: false, error: 'unavailable', organisation: organisation.slug };
    }
    if (provider.lastError) await this.providers.recordError(organisation.id, null, new Date());
    const result = await this.provision(provider, organisation, identity, claims.email_verified, ctx);
    if ('refusal' in result) return { ok: false, error: result.refusal, organisation: organisation.slug };
    const handoff = randomKey();
    await this.providers.updateAttempt(undefined, attempt.id, { userId: result.user.id, handoffHash: hash(handoff) });
    return { ok: true, handoff, organisation: organisation.slug };
  }

  /** Exchanges the one-time code (with the same browser's key) for a hub session. */
  async complete(browserKey: string | undefined, handoff: string, ctx: RequestContext): Promise<{ token: IssuedToken; user: User }> {
    const refused = () => unauthorised('sso_handoff_invalid', 'This sign-in link has expired or was already used. Sign in again.');
    if (!browserKey) throw refused();
    const attempt = await this.providers.findAttempt(hash(browserKey));
    if (!attempt?.userId || attempt.handoffHash !== hash(handoff) || attempt.expiresAt <= new Date()) throw refused();
    const used = await this.dataSource.transaction((em) => this.providers.consumeAttempt(em, attempt.id, new Date()));
    if (!used) throw refused();
    const user = await this.users.findById(attempt.userId);
    if (!user || user.disabled) throw unauthorised('account_disabled', 'This account is disabled. Ask your administrator to enable it.');
    const token = await this.auth.signIn(user, ctx, { organisationId: attempt.organisationId });
    return { token, user };
  }

  /** The provider's end-session URL for an organisation, when it has one. */
  async endSessionUrl(slug: string, postLogoutRedirectUri: string): Promise<string | null> {
    const organisation = await this.organisations.getBySlug(slug);
    const provider = await this.providers.find(organisation.id);
    if (!provider?.enabled) return null;
    return this.client.endSessionUrl(this.settings.open(provider), postLogoutRedirectUri);
  }

  private async enabledProvider(slug: string): Promise<{ organisation: Organisation; provider: IdentityProvider }> {
    const organisation = await this.organisations.getBySlug(slug);
    const provider = await this.providers.find(organisation.id);
    if (!provider?.enabled) throw notFound('sso_not_configured', `${organisation.name} does not sign in with its own accounts here.`);
    return { organisation, provider };
  }

  /** Logs and keeps the reason for the administrator; returns the failure for the caller. */
  private async failed(organisation: Organisation, err: unknown, ctx: RequestContext): Promise<SsoFailure> {
    const failure = err instanceof SsoFailure ? err : new SsoFailure('invalid_response', (err as Error)?.message ?? String(err));
    this.logger.warn(`Single sign-on for ${organisation.slug} failed (${failure.reason}): ${failure.detail}`);
    await this.providers.recordError(organisation.id, `${failure.reason}: ${failure.detail}`, new Date());
    await this.audit.record({ actor: null, action: 'auth.sso_failed', target: { type: 'organisation', id: organisation.id }, details: { reason: failure.reason }, address: ctx.address });
    return failure;
  }

  private async provision(provider: IdentityProvider, organisation: Organisation, identity: SsoIdentity, emailVerified: unknown, ctx: RequestContext): Promise<{ user: User } | { refusal: SsoRefusal }> {
    return this.dataSource.transaction(async (em) => {
      const linked = await this.users.findByOidcSubject(identity.issuer, identity.subject, em);
      const byEmail = linked ? null : await this.users.findByEmail(identity.email, em);
      const decision = decide(provider, identity, emailVerified, linked, byEmail);
      const audit = (action: string, actor: User | null, details: Record<string, unknown>) =>
        this.audit.record({ actor: actor ? actorOf(actor) : null, actorEmail: identity.email, action, target: { type: 'organisation', id: organisation.id }, details, address: ctx.address }, em);
      if (decision.kind === 'refuse') {
        await audit('auth.sso_refused', linked ?? byEmail, { reason: decision.refusal, organisation: organisation.slug });
        return { refusal: decision.refusal };
      }
      if (decision.kind === 'create') return { user: await this.createAccount(em, organisation, identity, decision.roles) };
      const { user } = decision;
      const changes: Partial<User> = {};
      if (decision.link) Object.assign(changes, { oidcIssuer: identity.issuer, oidcSubject: identity.subject });
      if (decision.roles && !sameRoles(decision.roles, user.roles)) changes.roles = decision.roles;
      if (Object.keys(changes).length) {
        await this.users.update(em, user.id, changes);
        if (decision.link) await audit('user.sso_linked', user, { organisation: organisation.slug, subject: identity.subject });
        if (changes.roles) await audit('user.roles_from_provider', user, { before: user.roles, after: changes.roles });
      }
      return { user: { ...user, ...changes } };
    });
  }

  private async createAccount(em: EntityManager, organisation: Organisation, identity: SsoIdentity, roles: User['roles']): Promise<User> {
    const user = await this.users.insert(em, {
      email: identity.email,
      displayName: identity.displayName,
      organisationId: organisation.id,
      roles,
      passwordHash: '',
      oidcIssuer: identity.issuer,
      oidcSubject: identity.subject,
    });
    await this.audit.record(
      { actor: null, action: 'user.created', target: { type: 'user', id: user.id }, details: { email: user.email, organisation: organisation.slug, roles, by: 'sso_first_sign_in' } },
      em,
    );
    return user;
  }
}

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}
