import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Grant } from '../access/grant.entity.js';
import { GrantsService } from '../access/grants.service.js';
import { actorOf } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { hasPermission, Permission } from '../auth/permission.js';
import { badRequest, notFound } from '../common/domain-error.js';
import type { Dataset } from '../datasets/dataset.entity.js';
import { DatasetsRepository } from '../datasets/datasets.repository.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import type { User } from '../users/user.entity.js';
import { type Agreement, AgreementStatus } from './agreement.entity.js';
import { AgreementsRepository } from './agreements.repository.js';
import type { AgreementDto, CreateAgreementDto, UpdateAgreementDto } from './agreements.dto.js';
import { NotificationKind } from './notification.entity.js';
import { NotificationsService } from './notifications.service.js';

/** Whether requests and grants may rest on the agreement at `now`. */
export function inForce(a: Agreement, now: Date): boolean {
  return a.status === AgreementStatus.Active && a.startsAt <= now && now < a.endsAt;
}

/**
 * Information sharing agreements, managed by the IMB. Narrowing an agreement (an earlier end,
 * fewer parties or datasets, suspension or ending) ends or shortens the grants resting on it in the
 * same transaction: no grant outlives or escapes its agreement.
 */
@Injectable()
export class AgreementsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly agreements: AgreementsRepository,
    private readonly datasets: DatasetsRepository,
    private readonly organisations: OrganisationsService,
    private readonly grants: GrantsService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  /** IMB members and auditors see every agreement; everyone else those their organisation is party to. */
  async list(caller: AuthUser): Promise<AgreementDto[]> {
    const all = hasPermission(caller.roles, Permission.AgreementsManage) || hasPermission(caller.roles, Permission.AuditRead);
    return this.toDtos(await this.agreements.list(all ? undefined : caller.organisationId));
  }

  async get(caller: AuthUser, id: string): Promise<AgreementDto> {
    return (await this.toDtos([await this.visible(caller, id)]))[0];
  }

  /** An agreement the caller may see, or 404. */
  async visible(caller: AuthUser, id: string): Promise<Agreement> {
    const agreement = await this.agreements.findById(id);
    const all = hasPermission(caller.roles, Permission.AgreementsManage) || hasPermission(caller.roles, Permission.AuditRead);
    if (!agreement || (!all && !agreement.partyOrganisationIds.includes(caller.organisationId))) {
      throw notFound('agreement_not_found', 'There is no such agreement.');
    }
    return agreement;
  }

  /**
   * The agreement a grant is about to be issued or extended under, read inside that transaction
   * with a share lock: a concurrent change to the agreement waits for it, or it for the change.
   */
  lockForGrant(em: EntityManager, id: string): Promise<Agreement | null> {
    return this.agreements.findLocked(em, id, 'share');
  }

  byIds(ids: string[]): Promise<Agreement[]> {
    return this.agreements.findByIds([...new Set(ids)]);
  }

  async create(caller: AuthUser, dto: CreateAgreementDto, address: string | null): Promise<AgreementDto> {
    const parties = await this.organisationIds(dto.parties);
    const datasets = datasetsBySlug(await this.datasets.list(), dto.datasets);
    const dates = checkDates(new Date(dto.startsAt), new Date(dto.reviewAt), new Date(dto.endsAt));
    checkOwnersAreParties(datasets, parties);
    const agreement = await this.dataSource.transaction(async (em) => {
      const created = await this.agreements.insert(em, {
        title: dto.title.trim(),
        purpose: dto.purpose.trim(),
        lawfulBasis: dto.lawfulBasis.trim(),
        partyOrganisationIds: parties,
        datasetIds: datasets.map((d) => d.id),
        ...dates,
        status: dto.status ?? AgreementStatus.Active,
        createdBy: caller.id,
      });
      await this.audit.record(
        { actor: actorOf(caller), action: 'agreement.created', target: { type: 'agreement', id: created.id }, details: { title: created.title, parties: dto.parties, datasets: dto.datasets, status: created.status, endsAt: created.endsAt.toISOString() }, address },
        em,
      );
      return created;
    });
    return (await this.toDtos([agreement]))[0];
  }

  async update(caller: AuthUser, id: string, dto: UpdateAgreementDto, address: string | null): Promise<AgreementDto> {
    // Lookups outside the transaction first: on embedded PGlite the transaction holds the one connection.
    const parties = dto.parties ? await this.organisationIds(dto.parties) : null;
    const allDatasets = await this.datasets.list();
    const named = dto.datasets ? datasetsBySlug(allDatasets, dto.datasets) : null;
    const users = await this.notifications.directory();
    const reason = dto.reason?.trim() || 'The information sharing agreement changed';
    const now = new Date();

    const { next, affected } = await this.dataSource.transaction(async (em) => {
      const current = await this.agreements.findLocked(em, id, 'update');
      if (!current) throw notFound('agreement_not_found', 'There is no such agreement.');
      if (current.status === AgreementStatus.Ended) throw badRequest('agreement_ended', 'This agreement has ended; make a new one.');
      const next: Agreement = { ...current };
      if (dto.title) next.title = dto.title.trim();
      if (dto.purpose) next.purpose = dto.purpose.trim();
      if (dto.lawfulBasis) next.lawfulBasis = dto.lawfulBasis.trim();
      if (parties) next.partyOrganisationIds = parties;
      const datasets = named ?? allDatasets.filter((d) => next.datasetIds.includes(d.id));
      next.datasetIds = datasets.map((d) => d.id);
      if (dto.status) next.status = dto.status;
      Object.assign(next, checkDates(next.startsAt, dto.reviewAt ? new Date(dto.reviewAt) : next.reviewAt, dto.endsAt ? new Date(dto.endsAt) : next.endsAt));
      checkOwnersAreParties(datasets, next.partyOrganisationIds);

      await this.agreements.update(em, id, {
        title: next.title,
        purpose: next.purpose,
        lawfulBasis: next.lawfulBasis,
        partyOrganisationIds: next.partyOrganisationIds,
        datasetIds: next.datasetIds,
        reviewAt: next.reviewAt,
        endsAt: next.endsAt,
        status: next.status,
      });
      await this.audit.record(
        { actor: actorOf(caller), action: 'agreement.updated', target: { type: 'agreement', id }, details: { changes: changedFields(current, next), reason }, address },
        em,
      );
      // Read under the lock, so a grant issued just before this change is seen and fitted too.
      const live = await this.grants.find({ agreementId: id, liveAt: now }, em);
      return { next, affected: await this.fitGrants(em, { caller, agreement: next, live, users, reason, address, now }) };
    });
    if (affected > 0) this.grants.changed();
    return { ...(await this.toDtos([next]))[0], grantsAffected: affected };
  }

  /** Ends or shortens the live grants that no longer fit the agreement. Returns how many changed. */
  private async fitGrants(
    em: EntityManager,
    ctx: { caller: AuthUser; agreement: Agreement; live: Grant[]; users: User[]; reason: string; address: string | null; now: Date },
  ): Promise<number> {
    const { caller, agreement: a, live, reason, address, now } = ctx;
    let affected = 0;
    for (const grant of live) {
      const outside =
        a.status !== AgreementStatus.Active ||
        a.endsAt <= now ||
        !a.datasetIds.includes(grant.datasetId) ||
        (grant.granteeOrganisationId !== null && !a.partyOrganisationIds.includes(grant.granteeOrganisationId));
      if (outside) await this.grants.revokeIn(em, grant, actorOf(caller), reason, address, now);
      else if (grant.endsAt > a.endsAt) await this.grants.reschedule(em, grant, a.endsAt, actorOf(caller), reason, address);
      else continue;
      affected++;
      await this.tellGrantees(em, ctx.users, grant, outside, a, reason);
    }
    return affected;
  }

  private async tellGrantees(em: EntityManager, users: User[], grant: Grant, ended: boolean, a: Agreement, reason: string): Promise<void> {
    await this.notifications.send(
      this.notifications.granteesOf(users, grant),
      {
        kind: NotificationKind.GrantRevoked,
        title: ended ? 'Your access to a dataset has ended' : `Your access to a dataset now ends on ${a.endsAt.toISOString().slice(0, 10)}`,
        body: `The agreement "${a.title}" changed: ${reason}`,
        targetType: 'grant',
        targetId: grant.id,
        dedupeKey: null,
      },
      em,
    );
  }

  private async organisationIds(slugs: string[]): Promise<string[]> {
    return Promise.all(slugs.map(async (s) => (await this.organisations.getBySlug(s)).id));
  }

  async toDtos(list: Agreement[]): Promise<AgreementDto[]> {
    const orgs = await this.organisations.byIds(list.flatMap((a) => a.partyOrganisationIds));
    const datasets = new Map((await this.datasets.list()).map((d) => [d.id, d]));
    const now = new Date();
    return list.map((a) => ({
      id: a.id,
      title: a.title,
      purpose: a.purpose,
      lawfulBasis: a.lawfulBasis,
      parties: a.partyOrganisationIds.map((id) => ({ id, slug: orgs.get(id)?.slug ?? '', name: orgs.get(id)?.name ?? '' })),
      datasets: a.datasetIds.map((id) => ({ id, slug: datasets.get(id)?.slug ?? '', name: datasets.get(id)?.title ?? '' })),
      startsAt: a.startsAt.toISOString(),
      reviewAt: a.reviewAt.toISOString(),
      endsAt: a.endsAt.toISOString(),
      status: a.status,
      reviewDue: a.reviewAt <= now && a.status !== AgreementStatus.Ended,
      inForce: inForce(a, now),
      createdAt: a.createdAt.toISOString(),
    }));
  }
}

function datasetsBySlug(all: Dataset[], slugs: string[]): Dataset[] {
  const bySlug = new Map(all.map((d) => [d.slug, d]));
  const missing = slugs.filter((s) => !bySlug.has(s));
  if (missing.length) throw badRequest('dataset_unknown', `There is no dataset ${missing.map((m) => `"${m}"`).join(', ')}.`);
  return slugs.map((s) => bySlug.get(s)!);
}

function checkDates(startsAt: Date, reviewAt: Date, endsAt: Date) {
  if (endsAt <= startsAt) throw badRequest('agreement_period_invalid', 'The end date must be after the start date.');
  if (reviewAt < startsAt || reviewAt > endsAt) throw badRequest('agreement_review_invalid', 'The review date must fall between the start and end dates.');
  return { startsAt, reviewAt, endsAt };
}

function checkOwnersAreParties(datasets: Dataset[], parties: string[]): void {
  const outside = datasets.filter((d) => !parties.includes(d.ownerOrganisationId));
  if (outside.length) {
    throw badRequest('dataset_owner_not_party', `The owners of ${outside.map((d) => `"${d.slug}"`).join(', ')} must be parties to the agreement.`);
  }
}

function changedFields(before: Agreement, after: Agreement): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ['title', 'purpose', 'lawfulBasis', 'partyOrganisationIds', 'datasetIds', 'reviewAt', 'endsAt', 'status'] as const) {
    const a = JSON.stringify(before[key]);
    const b = JSON.stringify(after[key]);
    if (a !== b) out[key] = after[key] instanceof Date ? (after[key] as Date).toISOString() : after[key];
  }
  return out;
}
