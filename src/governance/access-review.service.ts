import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Grant } from '../access/grant.entity.js';
import { GrantRevocations } from '../access/grant-revocations.js';
import { GrantsService } from '../access/grants.service.js';
import { actorOf } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { hasPermission, Permission } from '../auth/permission.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { badRequest, conflict, forbidden, notFound } from '../common/domain-error.js';
import { DatasetsRepository } from '../datasets/datasets.repository.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import type { User } from '../users/user.entity.js';
import { type AccessReview, buildReview, grantState, REVIEW_CSV_HEADER, reviewCsvRow } from './access-review.js';
import type { AccessReviewQueryDto, BulkRevokeResultDto, RecertifyDto, RecertifyResultDto } from './access-review.dto.js';
import { filterReview, type ReviewFilter, type ReviewSort } from './access-review-filter.js';
import { AgreementsService, inForce } from './agreements.service.js';
import { capacitiesOf } from './approval-rule.js';
import { toCsv } from './csv.js';
import { NotificationKind } from './notification.entity.js';
import { NotificationsService } from './notifications.service.js';

/** The IMB's periodic access review, its CSV, bulk recertification, and revocation with a reason. */
@Injectable()
export class AccessReviewService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly grants: GrantsService,
    private readonly datasets: DatasetsRepository,
    private readonly organisations: OrganisationsService,
    private readonly agreements: AgreementsService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly revocations: GrantRevocations,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A grant revoked through the grants API (administrators) is announced to its grantees as here. */
  onModuleInit(): void {
    this.revocations.handle(async (em, grant, reason) => {
      const dataset = await this.datasets.findById(grant.datasetId, em);
      await this.tell(em, await this.notifications.directory(em), grant, `Your access to ${dataset?.title ?? 'a dataset'} was revoked`, reason.trim());
    });
  }

  async report(status: 'live' | 'all' = 'live', now = new Date()): Promise<AccessReview> {
    const grants = await this.grants.find(status === 'live' ? { liveAt: now } : {});
    const users = await this.notifications.directory();
    const orgs = await this.organisations.byIds(users.map((u) => u.organisationId).concat(grants.flatMap((g) => (g.granteeOrganisationId ? [g.granteeOrganisationId] : []))));
    const datasets = new Map((await this.datasets.list()).map((d) => [d.id, d]));
    const agreements = new Map((await this.agreements.byIds(grants.flatMap((g) => (g.agreementId ? [g.agreementId] : [])))).map((a) => [a.id, a]));
    return buildReview({ grants, users, organisations: orgs, datasets, agreements, now, thresholds: this.config.governance.review });
  }

  /** The report for the IMB's screen, searched, filtered and sorted; who looked at it, with what filters, and what it showed, is audited. */
  async view(caller: AuthUser, query: AccessReviewQueryDto, address: string | null): Promise<AccessReview> {
    const { status, review } = await this.filtered(query);
    const narrowed = filtersOf(query);
    await this.audit.record({ actor: actorOf(caller), action: 'access_review.viewed', details: { status, ...(narrowed ? { filters: narrowed, matched: review.grants.length } : {}), summary: review.summary }, address });
    return review;
  }

  async csv(caller: AuthUser, query: AccessReviewQueryDto, address: string | null): Promise<string> {
    const { status, review } = await this.filtered(query);
    await this.audit.record({ actor: actorOf(caller), action: 'access_review.exported', details: { status, ...(filtersOf(query) ? { filters: filtersOf(query) } : {}), grants: review.grants.length }, address });
    return toCsv(REVIEW_CSV_HEADER, review.grants.map(reviewCsvRow));
  }

  private async filtered(query: AccessReviewQueryDto): Promise<{ status: 'live' | 'all'; review: AccessReview }> {
    const status = query.status ?? 'live';
    const review = await this.report(status);
    const names = new Map((await this.organisations.list()).map((o) => [o.slug, o.name]));
    const grants = filterReview(review.grants, reviewFilter(query), (slug) => (slug ? (names.get(slug) ?? '') : ''));
    return { status, review: { ...review, grants } };
  }

  /**
   * Revokes each chosen grant now, all or nothing: the IMB any grant, a data owner only grants on
   * their organisation's datasets (403 naming the first that is not). Each revocation is audited
   * and told to its grantees, plus one `grants.revoked_in_bulk` summary entry.
   */
  async revokeMany(caller: AuthUser, grantIds: string[], reason: string, address: string | null): Promise<BulkRevokeResultDto> {
    const users = await this.notifications.directory();
    const datasets = new Map((await this.datasets.list()).map((d) => [d.id, d]));
    const imb = hasPermission(caller.roles, Permission.AccessReview);
    const now = new Date();
    const why = reason.trim();
    const revoked = await this.dataSource.transaction(async (em) => {
      const datasetIds = new Set<string>();
      for (const id of grantIds) {
        const grant = await this.grants.findById(id, em);
        const dataset = grant && datasets.get(grant.datasetId);
        if (!grant || !dataset) throw notFound('grant_not_found', `There is no grant ${id}.`);
        if (!imb && capacitiesOf(caller, dataset.ownerOrganisationId).length === 0) {
          throw forbidden('not_dataset_owner', `Grant ${id} is on ${dataset.title}, which your organisation does not own; only its data owner or the IMB can revoke it.`);
        }
        if (grantState(grant, now) !== 'live' && grantState(grant, now) !== 'scheduled') throw conflict('grant_not_live', `Grant ${id} has already ended or been revoked.`);
        await this.grants.revokeIn(em, grant, actorOf(caller), why, address, now);
        await this.tell(em, users, grant, `Your access to ${dataset.title} was revoked`, why);
        datasetIds.add(dataset.id);
      }
      await this.audit.record({ actor: actorOf(caller), action: 'grants.revoked_in_bulk', details: { revoked: grantIds.length, reason: why, grantIds, datasetIds: [...datasetIds] }, address }, em);
      return grantIds.length;
    });
    this.grants.changed();
    return { revoked };
  }

  /**
   * Extends or ends each chosen grant, all or nothing. An extension must leave the grant live,
   * inside an agreement in force, and not past that agreement's end.
   */
  async recertify(caller: AuthUser, dto: RecertifyDto, address: string | null): Promise<RecertifyResultDto> {
    const ids = dto.items.map((i) => i.grantId);
    if (new Set(ids).size !== ids.length) throw badRequest('duplicate_grant', 'Each grant may appear once.');
    const users = await this.notifications.directory();
    const now = new Date();
    const reason = dto.reason.trim();
    const result = await this.dataSource.transaction(async (em) => {
      let extended = 0;
      let ended = 0;
      for (const item of dto.items) {
        const grant = await this.grants.findById(item.grantId, em);
        if (!grant) throw notFound('grant_not_found', `There is no grant ${item.grantId}.`);
        if (grantState(grant, now) !== 'live') throw conflict('grant_not_live', `Grant ${grant.id} is not live; only live grants can be recertified.`);
        if (item.action === 'end') {
          await this.grants.revokeIn(em, grant, actorOf(caller), reason, address, now);
          await this.tell(em, users, grant, 'Your access to a dataset was ended at the access review', reason);
          ended++;
          continue;
        }
        if (!item.until) throw badRequest('until_required', `Give the new end date for grant ${grant.id}.`);
        const until = new Date(item.until);
        if (until <= now) throw badRequest('until_in_past', 'The new end date must be in the future.');
        if (grant.agreementId) {
          const agreement = await this.agreements.lockForGrant(em, grant.agreementId);
          if (!agreement || !inForce(agreement, now)) throw conflict('agreement_not_in_force', `The agreement behind grant ${grant.id} is not in force.`);
          if (until > agreement.endsAt) {
            throw badRequest('beyond_agreement', `Grant ${grant.id} cannot last past the end of its agreement on ${agreement.endsAt.toISOString().slice(0, 10)}.`);
          }
        }
        await this.grants.reschedule(em, grant, until, actorOf(caller), reason, address);
        extended++;
      }
      await this.audit.record({ actor: actorOf(caller), action: 'access_review.recertified', details: { extended, ended, reason, grantIds: ids }, address }, em);
      return { extended, ended };
    });
    this.grants.changed();
    return result;
  }

  /** Ends a grant now with a reason: IMB members for any grant, data owners for their organisation's datasets. */
  async revoke(caller: AuthUser, grantId: string, reason: string, address: string | null): Promise<void> {
    const grant = await this.grants.findById(grantId);
    const dataset = grant ? await this.datasets.findById(grant.datasetId) : null;
    if (!grant || !dataset) throw notFound('grant_not_found', 'There is no such grant.');
    const may = hasPermission(caller.roles, Permission.AccessReview) || capacitiesOf(caller, dataset.ownerOrganisationId).length > 0;
    if (!may) throw forbidden('not_dataset_owner', "Only the dataset owner's data owner or the IMB can revoke this grant.");
    if (grant.revokedAt) throw conflict('grant_already_revoked', 'This grant has already been revoked.');
    const users = await this.notifications.directory();
    await this.dataSource.transaction(async (em) => {
      await this.grants.revokeIn(em, grant, actorOf(caller), reason.trim(), address);
      await this.tell(em, users, grant, `Your access to ${dataset.title} was revoked`, reason.trim());
    });
    this.grants.changed();
  }

  private async tell(em: EntityManager, users: User[], grant: Grant, title: string, body: string): Promise<void> {
    await this.notifications.send(this.notifications.granteesOf(users, grant), { kind: NotificationKind.GrantRevoked, title, body, targetType: 'grant', targetId: grant.id, dedupeKey: null }, em);
  }
}

function reviewFilter(q: AccessReviewQueryDto): ReviewFilter {
  const sort = q.sort?.replace(/^-/, '') as ReviewSort | undefined;
  return { q: q.q, dataset: q.dataset, level: q.level, flag: q.flag, expiresBefore: q.expiresBefore ? new Date(q.expiresBefore) : undefined, sort, descending: q.sort?.startsWith('-') };
}

/** The filters given, for the audit entry; null when none. */
function filtersOf(q: AccessReviewQueryDto): Record<string, string> | null {
  const { status: _status, ...rest } = q;
  const given = Object.entries(rest).filter(([, v]) => v !== undefined && v !== '');
  return given.length ? (Object.fromEntries(given) as Record<string, string>) : null;
}
