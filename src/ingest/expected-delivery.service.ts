import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { actorOf } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { Role } from '../auth/role.js';
import { badRequest, forbidden } from '../common/domain-error.js';
import type { Dataset } from '../datasets/dataset.entity.js';
import { DatasetsRepository } from '../datasets/datasets.repository.js';
import { checkExpectedSchedule, describeSchedule, dueDay, type ExpectedSchedule, overduePeriod } from '../governance/feed-schedule.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import type { Feed } from './feed.entity.js';
import { FeedsRepository } from './feeds.repository.js';
import { FeedsService } from './feeds.service.js';
import { ExpectedDeliveryDto, SetExpectedDeliveryDto } from './expected-delivery.dto.js';

/**
 * Who may set a feed's expected delivery: ETL operators and administrators for every feed, a data
 * owner for the feeds of their own organisation's datasets.
 */
export function maySetExpectedDelivery(caller: Pick<AuthUser, 'roles' | 'organisationId'>, datasetOwnerOrganisationId: string): boolean {
  if (caller.roles.includes(Role.Admin) || caller.roles.includes(Role.EtlOperator)) return true;
  return caller.roles.includes(Role.DataOwner) && caller.organisationId === datasetOwnerOrganisationId;
}

const scheduleOf = (f: Feed): ExpectedSchedule | null => (f.expectedEvery && f.expectedByDay ? { expectedEvery: f.expectedEvery, expectedByDay: f.expectedByDay } : null);

/**
 * Feeds' expected delivery (monthly by day N, weekly by day N, or none): read with whether the feed
 * is overdue now, and set (audited). The `feed-overdue` job reads the same columns
 * (src/governance/operations-notices.ts).
 */
@Injectable()
export class ExpectedDeliveryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly feedsService: FeedsService,
    private readonly feeds: FeedsRepository,
    private readonly datasets: DatasetsRepository,
    private readonly organisations: OrganisationsService,
    private readonly audit: AuditService,
  ) {}

  /** The feeds the caller may set, each with its expected delivery (operators and administrators: all). */
  async list(caller: AuthUser, now = new Date()): Promise<ExpectedDeliveryDto[]> {
    const [feeds, datasets, lastPublished] = await Promise.all([this.feeds.list(), this.datasets.list(), this.feeds.lastPublished()]);
    const byId = new Map(datasets.map((d) => [d.id, d]));
    const mine = feeds.filter((f) => byId.has(f.datasetId) && maySetExpectedDelivery(caller, byId.get(f.datasetId)!.ownerOrganisationId));
    const owners = await this.organisations.byIds(mine.map((f) => byId.get(f.datasetId)!.ownerOrganisationId));
    return mine.map((f) => {
      const dataset = byId.get(f.datasetId)!;
      return this.toDto(f, dataset, owners.get(dataset.ownerOrganisationId)?.name ?? '', lastPublished.get(f.id) ?? null, now);
    });
  }

  async get(caller: AuthUser, slug: string, now = new Date()): Promise<ExpectedDeliveryDto> {
    const { feed, dataset } = await this.allowed(caller, slug);
    return this.describe(feed, dataset, now);
  }

  /** Sets or (with expectedEvery null) clears the feed's expected delivery; audited with the old and new schedule. */
  async set(caller: AuthUser, slug: string, dto: SetExpectedDeliveryDto, address: string | null): Promise<ExpectedDeliveryDto> {
    const checked = checkExpectedSchedule(dto.expectedEvery, dto.expectedByDay);
    if ('error' in checked) throw badRequest('expected_delivery_invalid', checked.error);
    const { feed, dataset } = await this.allowed(caller, slug);
    const before = scheduleOf(feed);
    const after = checked.schedule;
    const changes = { expectedEvery: after?.expectedEvery ?? null, expectedByDay: after?.expectedByDay ?? null };
    await this.dataSource.transaction(async (em) => {
      await this.feeds.update(em, feed.id, changes);
      await this.audit.record(
        { actor: actorOf(caller), action: 'feed.expected_delivery_changed', target: { type: 'feed', id: feed.id }, details: { slug, dataset: dataset.slug, from: before, to: after }, address },
        em,
      );
    });
    return this.describe({ ...feed, ...changes }, dataset, new Date());
  }

  private async allowed(caller: AuthUser, slug: string): Promise<{ feed: Feed; dataset: Dataset }> {
    const found = await this.feedsService.get(slug);
    if (!maySetExpectedDelivery(caller, found.dataset.ownerOrganisationId)) {
      throw forbidden('not_feed_owner', "Only ETL operators, administrators and the data owners of the feed's dataset can see or set when it is expected.");
    }
    return found;
  }

  private async describe(feed: Feed, dataset: Dataset, now: Date): Promise<ExpectedDeliveryDto> {
    const [owners, lastPublished] = await Promise.all([this.organisations.byIds([dataset.ownerOrganisationId]), this.feeds.lastPublished(feed.id)]);
    return this.toDto(feed, dataset, owners.get(dataset.ownerOrganisationId)?.name ?? '', lastPublished.get(feed.id) ?? null, now);
  }

  private toDto(feed: Feed, dataset: Dataset, ownerName: string, lastLoadedAt: Date | null, now: Date): ExpectedDeliveryDto {
    const schedule = scheduleOf(feed);
    return {
      feed: feed.slug,
      title: feed.title,
      dataset: { slug: dataset.slug, title: dataset.title, ownerName },
      expectedEvery: schedule?.expectedEvery ?? null,
      expectedByDay: schedule?.expectedByDay ?? null,
      description: schedule ? describeSchedule(schedule) : null,
      dueBy: schedule ? dueDay(schedule, now) : null,
      overdueFor: schedule ? overduePeriod(schedule, lastLoadedAt, now) : null,
      lastLoadedAt: lastLoadedAt?.toISOString() ?? null,
    };
  }
}
