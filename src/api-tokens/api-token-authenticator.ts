import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AccessService } from '../access/access.service.js';
import { actorOf } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import type { ApiTokenScope, AuthUser } from '../auth/auth-user.js';
import { DomainError, forbidden, tooManyRequests, unauthorised } from '../common/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DatasetsRepository } from '../datasets/datasets.repository.js';
import { FeedsRepository } from '../ingest/feeds.repository.js';
import type { User } from '../users/user.entity.js';
import { UsersRepository } from '../users/users.repository.js';
import type { ApiToken } from './api-token.entity.js';
import { hashSecret, wellFormedSecret } from './api-token-secret.js';
import { ApiTokensRepository } from './api-tokens.repository.js';
import { type Authority, feedAuthority, queryAuthority } from './token-authority.js';

/** Where a token was presented, for the audit log. */
export interface TokenUse {
  address: string;
  method: string;
  path: string;
}

/**
 * Turns a presented secret into the identity a request runs under: the token's creator as they are
 * now, limited to the token's one feed or dataset. Each refusal says why in plain words and is
 * audited; nothing is cached, so a revocation or a creator's lost right counts from the next request.
 * Guessing is pointless (256 random bits), but an address presenting secrets the hub does not know
 * is held to the sign-in rate (SIGNIN_RATE_PER_MINUTE), so it cannot flood the audit log either.
 */
@Injectable()
export class ApiTokenAuthenticator {
  private readonly failures: RateLimiterMemory;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly tokens: ApiTokensRepository,
    private readonly users: UsersRepository,
    private readonly feeds: FeedsRepository,
    private readonly datasets: DatasetsRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {
    this.failures = new RateLimiterMemory({ points: config.auth.signInsPerMinutePerAddress, duration: 60 });
  }

  async authenticate(secret: string, use: TokenUse): Promise<AuthUser> {
    if (!wellFormedSecret(secret)) {
      throw await this.refuseUnknown(use, unauthorised('token_malformed', 'The API token is not in the right form. Copy it again in full: it starts with csph_ and has 48 characters.'));
    }
    const token = await this.tokens.findByHash(hashSecret(secret));
    if (!token) throw await this.refuseUnknown(use, unauthorised('token_unknown', 'This API token is not known to the hub. Check that it was copied in full, or ask for a new one.'));
    const creator = await this.users.findById(token.creatorId);
    if (token.revokedAt) {
      throw this.refuse(token, creator, use, unauthorised('token_revoked', `This API token was revoked on ${day(token.revokedAt)}. Ask whoever manages the feed or dataset for a new one.`));
    }
    if (token.expiresAt <= new Date()) {
      throw this.refuse(token, creator, use, unauthorised('token_expired', `This API token expired on ${day(token.expiresAt)}. Ask whoever manages the feed or dataset for a new one.`));
    }
    if (!creator) throw this.refuse(token, creator, use, forbidden('token_creator_disabled', 'The account that created this API token no longer exists, so the token cannot be used.'));
    const scope = await this.scopeOf(token, creator);
    if ('code' in scope) throw this.refuse(token, creator, use, forbidden(scope.code, scope.message));
    await this.tokens.recordUse(token.id, new Date(), use.address);
    return {
      id: creator.id,
      email: creator.email,
      displayName: creator.displayName,
      organisationId: creator.organisationId,
      roles: creator.roles,
      sessionId: `api-token:${token.id}`,
      mustChangePassword: false,
      ssoOrganisationId: null,
      apiToken: scope,
    };
  }

  /** The token's scope if its creator still holds what it needs, else why not. */
  private async scopeOf(token: ApiToken, creator: User): Promise<ApiTokenScope | Exclude<Authority, { ok: true }>> {
    const gone = { ok: false as const, code: 'token_target_gone', message: 'The feed or dataset this API token was made for no longer exists.' };
    if (token.kind === 'feed_upload') {
      const feed = token.feedId ? await this.feeds.findById(token.feedId) : null;
      const dataset = feed ? await this.datasets.findById(feed.datasetId) : null;
      if (!feed || !dataset) return gone;
      const authority = feedAuthority(creator, dataset.ownerOrganisationId);
      return authority.ok ? { id: token.id, name: token.name, kind: 'feed_upload', feedId: feed.id, feedSlug: feed.slug } : authority;
    }
    const dataset = token.datasetId ? await this.datasets.findById(token.datasetId) : null;
    if (!dataset) return gone;
    const caller = { id: creator.id, email: creator.email, organisationId: creator.organisationId, roles: creator.roles } as AuthUser;
    const access = await this.access.forDataset(caller, dataset);
    const authority = queryAuthority(creator, access.level !== null);
    return authority.ok ? { id: token.id, name: token.name, kind: 'dataset_query', datasetId: dataset.id, datasetSlug: dataset.slug, ceiling: token.maxLevel } : authority;
  }

  /**
   * A secret the hub does not know: audited up to the sign-in rate per address, then answered 429
   * without an entry. Known tokens are never held back by others' failures from the same network.
   */
  private async refuseUnknown(use: TokenUse, error: DomainError): Promise<DomainError> {
    try {
      await this.failures.consume(use.address);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      return tooManyRequests('too_many_token_failures', `Too many unknown API tokens from your network. Try again in ${Math.ceil(err.msBeforeNext / 1000)} seconds.`);
    }
    return this.refuse(null, null, use, error);
  }

  /** Audits a refused token (never its secret) and hands back the error to throw. */
  private refuse(token: ApiToken | null, creator: User | null, use: TokenUse, error: DomainError): DomainError {
    this.audit.recordSoon({
      actor: creator ? actorOf(creator) : null,
      actorEmail: creator ? undefined : 'api-token@csp-hub',
      action: 'api_token.refused',
      target: token ? { type: 'api_token', id: token.id } : undefined,
      details: { code: error.code, method: use.method, path: use.path, ...(token ? { name: token.name, prefix: token.prefix } : {}) },
      address: use.address,
    });
    return error;
  }
}

function day(d: Date): string {
  return d.toISOString().slice(0, 10);
}
