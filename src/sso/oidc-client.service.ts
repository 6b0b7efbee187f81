import { webcrypto } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import * as oidc from 'openid-client';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { ClientAuthMethod } from './identity-provider.entity.js';
import { classifyOidcError, SsoFailure } from './oidc-failure.js';

/** A provider's settings with its secrets opened, as the OpenID Connect client needs them. */
export interface ProviderSettings {
  organisationId: string;
  issuer: string;
  clientId: string;
  clientAuth: ClientAuthMethod;
  clientSecret: string | null;
  /** Private JWK (JSON text) for private_key_jwt. */
  privateKey: string | null;
  scopes: string;
  clockToleranceSeconds: number;
  /** Changes whenever the settings change; cached discovery is keyed on it. */
  version: string;
}

/** What one round trip to the provider proved: the ID token's claims, already validated. */
export type IdTokenClaims = oidc.IDToken;

const TIMEOUT_SECONDS = 10;
/** Discovery is cached this long for callbacks and sign-out; a failed discovery is not cached. */
const DISCOVERY_TTL_MS = 10 * 60_000;

/**
 * The hub's only use of OpenID Connect, on `openid-client`: discovery, the authorization URL
 * (PKCE S256, state, nonce), and the code exchange with ID-token validation (issuer, audience,
 * signature against the issuer's JWKS, expiry within the clock tolerance, nonce). Nothing here
 * checks a JWT by hand.
 */
@Injectable()
export class OidcClientService {
  private readonly cache = new Map<string, { version: string; at: number; config: Promise<oidc.Configuration> }>();

  constructor(@Inject(APP_CONFIG) private readonly appConfig: AppConfig) {}

  redirectUri(): string {
    return `${this.appConfig.publicUrl}/api/auth/sso/callback`;
  }

  /**
   * Discovery is fetched afresh for every sign-in that starts: a provider that has gone down since
   * is caught here, where the hub can still show its own "unavailable" page, instead of sending the
   * browser to a dead address. The callback then reuses this discovery.
   */
  async authorizationUrl(settings: ProviderSettings, checks: { state: string; nonce: string; codeVerifier: string; loginHint?: string }): Promise<string> {
    this.cache.delete(settings.organisationId);
    const config = await this.configuration(settings);
    const params: Record<string, string> = {
      redirect_uri: this.redirectUri(),
      scope: settings.scopes,
      response_type: 'code',
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
    };
    if (checks.loginHint) params.login_hint = checks.loginHint;
    return oidc.buildAuthorizationUrl(config, params).href;
  }

  /** Exchanges the code from the callback URL and returns the validated ID token's claims. */
  async exchange(settings: ProviderSettings, callbackUrl: URL, checks: { state: string; nonce: string; codeVerifier: string }): Promise<IdTokenClaims> {
    const config = await this.configuration(settings);
    try {
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new SsoFailure('missing_claims', 'The token response had no ID token.');
      return claims;
    } catch (err) {
      throw classifyOidcError(err);
    }
  }

  /** The provider's end-session URL, when it publishes one. */
  async endSessionUrl(settings: ProviderSettings, postLogoutRedirectUri: string): Promise<string | null> {
    try {
      const config = await this.configuration(settings);
      if (!config.serverMetadata().end_session_endpoint) return null;
      return oidc.buildEndSessionUrl(config, { client_id: settings.clientId, post_logout_redirect_uri: postLogoutRedirectUri }).href;
    } catch {
      return null;
    }
  }

  /** Fetches discovery afresh and reports what the provider offers (the admin's "test connection"). */
  async check(settings: ProviderSettings): Promise<{ issuer: string; authorizationEndpoint: string; tokenEndpoint: string; jwksUri: string | null; endSessionEndpoint: string | null; signingAlgorithms: string[] }> {
    this.cache.delete(settings.organisationId);
    const config = await this.configuration(settings);
    const m = config.serverMetadata();
    if (!m.jwks_uri) throw new SsoFailure('invalid_response', 'The discovery document names no jwks_uri, so ID-token signatures cannot be checked.');
    if (!m.code_challenge_methods_supported?.includes('S256') && m.code_challenge_methods_supported !== undefined) {
      throw new SsoFailure('invalid_response', 'The provider does not support PKCE with S256.');
    }
    return {
      issuer: m.issuer,
      authorizationEndpoint: m.authorization_endpoint ?? '',
      tokenEndpoint: m.token_endpoint ?? '',
      jwksUri: m.jwks_uri ?? null,
      endSessionEndpoint: m.end_session_endpoint ?? null,
      signingAlgorithms: m.id_token_signing_alg_values_supported ?? [],
    };
  }

  forget(organisationId: string): void {
    this.cache.delete(organisationId);
  }

  private configuration(settings: ProviderSettings): Promise<oidc.Configuration> {
    const cached = this.cache.get(settings.organisationId);
    if (cached && cached.version === settings.version && Date.now() - cached.at < DISCOVERY_TTL_MS) return cached.config;
    const config = this.discover(settings);
    this.cache.set(settings.organisationId, { version: settings.version, at: Date.now(), config });
    config.catch(() => {
      if (this.cache.get(settings.organisationId)?.config === config) this.cache.delete(settings.organisationId);
    });
    return config;
  }

  private async discover(settings: ProviderSettings): Promise<oidc.Configuration> {
    let issuer: URL;
    try {
      issuer = new URL(settings.issuer);
    } catch {
      throw new SsoFailure('invalid_response', `The issuer "${settings.issuer}" is not a URL.`);
    }
    const insecure = issuer.protocol === 'http:';
    if (insecure && !this.plainHttpAllowed(issuer)) {
      throw new SsoFailure('invalid_response', 'The issuer must use https (plain http is allowed only for a provider on this machine, outside production).');
    }
    const execute = [oidc.enableNonRepudiationChecks, ...(insecure ? [oidc.allowInsecureRequests] : [])];
    try {
      const config = await oidc.discovery(
        issuer,
        settings.clientId,
        { [oidc.clockTolerance]: settings.clockToleranceSeconds },
        await this.clientAuth(settings),
        { execute, timeout: TIMEOUT_SECONDS },
      );
      config.timeout = TIMEOUT_SECONDS;
      return config;
    } catch (err) {
      throw classifyOidcError(err);
    }
  }

  private plainHttpAllowed(url: URL): boolean {
    return this.appConfig.env !== 'production' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  }

  private async clientAuth(settings: ProviderSettings): Promise<oidc.ClientAuth> {
    switch (settings.clientAuth) {
      case 'client_secret_basic':
        return oidc.ClientSecretBasic(settings.clientSecret ?? '');
      case 'client_secret_post':
        return oidc.ClientSecretPost(settings.clientSecret ?? '');
      case 'private_key_jwt': {
        if (!settings.privateKey) throw new SsoFailure('client_rejected', 'private_key_jwt is chosen but no private key is stored.');
        const jwk = JSON.parse(settings.privateKey) as webcrypto.JsonWebKey & { kid?: string };
        const algorithm = jwk.kty === 'EC' ? { name: 'ECDSA', namedCurve: jwk.crv ?? 'P-256' } : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
        const key = await webcrypto.subtle.importKey('jwk', jwk, algorithm, false, ['sign']);
        return oidc.PrivateKeyJwt({ key, kid: jwk.kid });
      }
    }
  }
}
