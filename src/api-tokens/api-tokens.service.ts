import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { levelRank } from '../access/access-level.js';
import { AccessService } from '../access/access.service.js';
import { actorOf } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { Role } from '../auth/role.js';
import { badRequest, forbidden, notFound } from '../common/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { Dataset } from '../datasets/dataset.entity.js';
import { DatasetsRepository } from '../datasets/datasets.repository.js';
import type { Feed } from '../ingest/feed.entity.js';
import { FeedsRepository } from '../ingest/feeds.repository.js';
import { UsersRepository } from '../users/users.repository.js';
import type { ApiToken } from './api-token.entity.js';
import { newSecret } from './api-token-secret.js';
import { ApiTokenDto, type CreateApiTokenDto, type CreatedApiTokenDto, type TokenTargetsDto } from './api-tokens.dto.js';
import { ApiTokensRepository } from './api-tokens.repository.js';
import { feedAuthority, queryAuthority, type TokenCreator } from './token-authority.js';

const DAY_MS = 86_400_000;

/**
 * Creating, listing and revoking scoped API tokens. A token never carries more than its creator
 * has: checked here when it is made, and again on every use (api-token-authenticator.ts).
 */
@Injectable()
export class ApiTokensService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tokens: ApiTokensRepository,
    private readonly users: UsersRepository,
    private readonly feeds: FeedsRepository,
    private readonly datasets: DatasetsRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  /** The feeds and datasets the caller may make tokens for, for the create form. */
  async targets(caller: AuthUser): Promise<TokenTargetsDto> {
    const creator = asCreator(caller);
    const [feeds, datasets] = await Promise.all([this.feeds.list(), this.datasets.list()]);
    const byId = new Map(datasets.map((d) => [d.id, d]));
    const accesses = await this.access.forDatasets(caller, datasets);
    return {
      feeds: feeds.filter((f) => byId.has(f.datasetId) && feedAuthority(creator, byId.get(f.datasetId)!.ownerOrganisationId).ok).map((f) => ({ slug: f.slug, title: f.title })),
      datasets: datasets.filter((d) => queryAuthority(creator, accesses.get(d.id)!.level !== null).ok).map((d) => ({ slug: d.slug, title: d.title, level: accesses.get(d.id)!.level! })),
      maxDays: this.config.auth.apiTokenMaxDays,
    };
  }

  async create(caller: AuthUser, dto: CreateApiTokenDto, address: string | null): Promise<CreatedApiTokenDto> {
    const expiresAt = this.expiryOf(dto.expiresAt);
    const creator = asCreator(caller);
    const target = dto.kind === 'feed_upload' ? await this.feedTarget(creator, dto) : await this.datasetTarget(caller, creator, dto);
    const { secret, hash, shown } = newSecret();
    const token = await this.dataSource.transaction(async (em) => {
      const created = await this.tokens.insert(em, {
        kind: dto.kind,
        name: dto.name.trim(),
        tokenHash: hash,
        prefix: shown,
        creatorId: caller.id,
        feedId: target.feed?.id ?? null,
        datasetId: target.feed ? null : target.dataset.id,
        maxLevel: dto.level ?? null,
        expiresAt,
      });
      await this.audit.record(
        {
          actor: actorOf(caller),
          action: 'api_token.created',
          target: { type: 'api_token', id: created.id },
          details: { name: created.name, kind: created.kind, feed: target.feed?.slug ?? null, dataset: target.dataset.slug, level: created.maxLevel, prefix: shown, expiresAt: expiresAt.toISOString() },
          address,
        },
        em,
      );
      return created;
    });
    const names = { feed: target.feed?.slug ?? null, dataset: target.feed ? null : target.dataset.slug, target: target.feed?.title ?? target.dataset.title, createdBy: caller.email, creatorDisabled: false, revocable: true };
    return { token: ApiTokenDto.from(token, names, new Date()), secret };
  }

  /** Administrators see every token; others those they made and those on their organisation's feeds and datasets. */
  async list(caller: AuthUser): Promise<ApiTokenDto[]> {
    const [feeds, datasets, users] = await Promise.all([this.feeds.list(), this.datasets.list(), this.users.list()]);
    const owned = new Set(datasets.filter((d) => d.ownerOrganisationId === caller.organisationId).map((d) => d.id));
    const isAdmin = caller.roles.includes(Role.Admin);
    const visibility = isAdmin ? ('all' as const) : { creatorId: caller.id, feedIds: feeds.filter((f) => owned.has(f.datasetId)).map((f) => f.id), datasetIds: [...owned] };
    const rows = await this.tokens.list(visibility);
    const feedById = new Map(feeds.map((f) => [f.id, f]));
    const datasetById = new Map(datasets.map((d) => [d.id, d]));
    const userById = new Map(users.map((u) => [u.id, u]));
    const now = new Date();
    return rows.map((t) => {
      const feed = t.feedId ? feedById.get(t.feedId) : undefined;
      const dataset = t.datasetId ? datasetById.get(t.datasetId) : undefined;
      const creator = userById.get(t.creatorId);
      return ApiTokenDto.from(
        t,
        {
          feed: feed?.slug ?? null,
          dataset: dataset?.slug ?? null,
          target: feed?.title ?? dataset?.title ?? '',
          createdBy: creator?.email ?? '',
          creatorDisabled: creator?.disabled ?? true,
          revocable: this.mayRevoke(caller, t, feed, dataset, datasetById),
        },
        now,
      );
    });
  }

  /** Ends a token at once; its next request is refused. Revoking twice is harmless. */
  async revoke(caller: AuthUser, id: string, address: string | null): Promise<ApiTokenDto> {
    const token = await this.tokens.findById(id);
    if (!token) throw notFound('api_token_not_found', 'There is no such API token.');
    const feed = token.feedId ? await this.feeds.findById(token.feedId) : null;
    const dataset = token.datasetId ? await this.datasets.findById(token.datasetId) : null;
    const datasets = new Map<string, Dataset>();
    if (feed) {
      const d = await this.datasets.findById(feed.datasetId);
      if (d) datasets.set(d.id, d);
    }
    if (!this.mayRevoke(caller, token, feed ?? undefined, dataset ?? undefined, datasets)) {
      throw forbidden('api_token_not_yours', 'Only the token’s creator, an administrator or a data owner of the organisation whose data it reaches can revoke it.');
    }
    await this.dataSource.transaction(async (em) => {
      const revoked = await this.tokens.revoke(em, token.id, caller.id, new Date());
      if (!revoked) return;
      await this.audit.record({ actor: actorOf(caller), action: 'api_token.revoked', target: { type: 'api_token', id: token.id }, details: { name: token.name, kind: token.kind, prefix: token.prefix }, address }, em);
    });
    // Whoever may revoke a token also sees it in their list.
    return (await this.list(caller)).find((t) => t.id === id)!;
  }

  private mayRevoke(caller: AuthUser, token: ApiToken, feed: Feed | undefined, dataset: Dataset | undefined, datasets: Map<string, Dataset>): boolean {
    if (caller.roles.includes(Role.Admin) || token.creatorId === caller.id) return true;
    if (!caller.roles.includes(Role.DataOwner)) return false;
    const reached = feed ? datasets.get(feed.datasetId) : dataset;
    return reached?.ownerOrganisationId === caller.organisationId;
  }

  /** A date alone means the end of that day (UTC); the last allowed day is today plus the maximum. */
  private expiryOf(input: string): Date {
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(input);
    const expiresAt = new Date(dateOnly ? `${input}T23:59:59Z` : input);
    const now = Date.now();
    const maxDays = this.config.auth.apiTokenMaxDays;
    const latest = now + maxDays * DAY_MS;
    if (Number.isNaN(expiresAt.getTime())) throw badRequest('invalid_expiry', 'expiresAt must be a date like 2027-03-31.');
    if (expiresAt.getTime() <= now + 60_000) throw badRequest('invalid_expiry', 'The expiry date must be in the future.');
    const tooLate = dateOnly ? input > new Date(latest).toISOString().slice(0, 10) : expiresAt.getTime() > latest;
    if (tooLate) throw badRequest('invalid_expiry', `A token can last at most ${maxDays} days; choose an earlier expiry date.`);
    return expiresAt;
  }

  private async feedTarget(creator: TokenCreator, dto: CreateApiTokenDto): Promise<{ feed: Feed; dataset: Dataset }> {
    if (!dto.feed || dto.dataset) throw badRequest('invalid_token_target', 'A feed upload token names one feed (feed) and no dataset.');
    if (dto.level) throw badRequest('invalid_token_target', 'A level is for query tokens; a feed upload token reads no data.');
    const feed = await this.feeds.findBySlug(dto.feed);
    if (!feed) throw notFound('feed_not_found', `There is no feed "${dto.feed}".`);
    const dataset = await this.datasets.findById(feed.datasetId);
    if (!dataset) throw notFound('dataset_not_found', `Feed "${dto.feed}" has no dataset.`);
    const authority = feedAuthority(creator, dataset.ownerOrganisationId);
    if (!authority.ok) throw forbidden('not_your_feed', 'Only an administrator or a data owner of the organisation that owns this feed’s dataset can create a token for it.');
    return { feed, dataset };
  }

  private async datasetTarget(caller: AuthUser, creator: TokenCreator, dto: CreateApiTokenDto): Promise<{ feed?: undefined; dataset: Dataset }> {
    if (!dto.dataset || dto.feed) throw badRequest('invalid_token_target', 'A query token names one dataset (dataset) and no feed.');
    const dataset = await this.datasets.findBySlug(dto.dataset);
    if (!dataset) throw notFound('dataset_not_found', `There is no dataset "${dto.dataset}".`);
    const access = await this.access.forDataset(caller, dataset);
    const authority = queryAuthority(creator, access.level !== null);
    if (!authority.ok) throw forbidden('no_access', `You have no access to "${dataset.slug}", so a token of yours cannot have any.`);
    if (dto.level && levelRank(dto.level) > levelRank(access.level!)) {
      throw forbidden('above_your_level', `Your access to "${dataset.slug}" is ${access.level}; a token of yours cannot be given ${dto.level}.`);
    }
    return { dataset };
  }
}

function asCreator(caller: AuthUser): TokenCreator {
  return { roles: caller.roles, organisationId: caller.organisationId, disabled: false };
}
