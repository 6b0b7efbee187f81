import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { actorOf, type AuditActor } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { hasPermission, Permission } from '../auth/permission.js';
import { badRequest, forbidden, notFound } from '../common/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig, ApprovalRule } from '../config/app-config.js';
import type { Dataset } from '../datasets/dataset.entity.js';
import { DatasetsRepository } from '../datasets/datasets.repository.js';
import { capacitiesOf, isSatisfied, ruleFor } from '../governance/approval-rule.js';
import { ALL_AREA_CODES } from '../../domain/areas.reference.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { UsersRepository } from '../users/users.repository.js';
import type { AccessLevel } from './access-level.js';
import { GrantChanges } from './grant-changes.js';
import { GrantRevocations } from './grant-revocations.js';
import type { Grant, GrantApproval } from './grant.entity.js';
import { type CreateGrantDto, GrantDto, type ListGrantsQueryDto } from './grants.dto.js';
import { type GrantFilter, GrantsRepository } from './grants.repository.js';

/** What any path (the admin API here, the governance workflow later) needs to issue a grant. */
export interface NewGrant {
  datasetId: string;
  granteeOrganisationId: string | null;
  granteeUserId: string | null;
  level: AccessLevel;
  areas: string[];
  purpose: string;
  startsAt: Date;
  endsAt: Date;
  createdBy: string | null;
  approvals?: GrantApproval[] | null;
  agreementId?: string | null;
  /** For a case pack grant: the review whose members it serves (no grantee then). */
  caseReviewId?: string | null;
}

const MAX_GRANT_DAYS = 3 * 366;

@Injectable()
export class GrantsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly grants: GrantsRepository,
    private readonly datasets: DatasetsRepository,
    private readonly organisations: OrganisationsService,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly changes: GrantChanges,
    private readonly revocations: GrantRevocations,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * POST /api/grants: an approver grants access directly, without a request. The dataset's approval
   * rule still holds (one person alone must satisfy it, so OFFICIAL-SENSITIVE data under `both`
   * always goes through a request), and nobody grants access to themselves.
   */
  async create(caller: AuthUser, dto: CreateGrantDto, address: string | null): Promise<GrantDto> {
    const dataset = await this.datasetBySlug(dto.dataset);
    const organisation = dto.granteeOrganisation ? await this.organisations.getBySlug(dto.granteeOrganisation) : null;
    if (!organisation && !dto.granteeUserId) throw badRequest('grantee_required', 'Say who the grant is for: granteeOrganisation, granteeUserId or both.');
    checkDirectGrant(caller, dataset, ruleFor(dataset.sensitivity, this.config.governance.approvalRules), { organisationId: organisation?.id ?? null, userId: dto.granteeUserId ?? null });
    if (dto.granteeUserId && !(await this.users.findById(dto.granteeUserId))) throw notFound('user_not_found', 'There is no such user.');
    if (organisation?.id === dataset.ownerOrganisationId) throw badRequest('grant_to_owner', 'The owning organisation already has full access to its own dataset.');
    const now = new Date();
    const startsAt = dto.startsAt ? new Date(dto.startsAt) : now;
    const endsAt = new Date(dto.endsAt);
    if (endsAt <= startsAt || endsAt <= now) throw badRequest('grant_period_invalid', 'The end date must be in the future and after the start date.');
    if (endsAt.getTime() - startsAt.getTime() > MAX_GRANT_DAYS * 86_400_000) throw badRequest('grant_period_too_long', 'A grant can last at most three years; renew it after review.');
    const grant = await this.dataSource.transaction((em) =>
      this.issue(
        em,
        {
          datasetId: dataset.id,
          granteeOrganisationId: organisation?.id ?? null,
          granteeUserId: dto.granteeUserId ?? null,
          level: dto.level,
          areas: expandAreas(dto.areas),
          purpose: dto.purpose,
          startsAt,
          endsAt,
          createdBy: caller.id,
        },
        actorOf(caller),
        address,
      ),
    );
    this.changes.notify();
    return GrantDto.from(grant, { datasetSlug: dataset.slug, organisationSlug: organisation?.slug ?? null }, now);
  }

  /**
   * Inserts a grant and its audit entry inside the caller's transaction. The governance workflow
   * uses this too; call {@link GrantChanges.notify} (or {@link changed}) after it commits.
   */
  async issue(em: EntityManager, input: NewGrant, actor: AuditActor | null, address: string | null): Promise<Grant> {
    const grant = await this.grants.insert(em, { ...input, areas: [...new Set(input.areas)].sort() });
    await this.audit.record(
      {
        actor,
        action: 'grant.created',
        target: { type: 'grant', id: grant.id },
        details: {
          datasetId: grant.datasetId,
          granteeOrganisationId: grant.granteeOrganisationId,
          granteeUserId: grant.granteeUserId,
          level: grant.level,
          areas: grant.areas,
          startsAt: grant.startsAt.toISOString(),
          endsAt: grant.endsAt.toISOString(),
          purpose: grant.purpose,
          caseReviewId: grant.caseReviewId,
        },
        address,
      },
      em,
    );
    return grant;
  }

  /** Grants matching a filter, newest first (the governance workflow and access review read through this). */
  find(filter: GrantFilter = {}, em?: EntityManager): Promise<Grant[]> {
    return this.grants.list(filter, em);
  }

  findById(id: string, em?: EntityManager): Promise<Grant | null> {
    return this.grants.findById(id, em);
  }

  /**
   * Moves a grant's end inside the caller's transaction, audited as `grant.rescheduled`
   * (recertification, or an agreement ending sooner). Call {@link changed} after it commits.
   */
  async reschedule(em: EntityManager, grant: Grant, endsAt: Date, actor: AuditActor | null, reason: string, address: string | null): Promise<void> {
    await this.grants.setEndsAt(em, grant.id, endsAt);
    await this.audit.record(
      { actor, action: 'grant.rescheduled', target: { type: 'grant', id: grant.id }, details: { datasetId: grant.datasetId, from: grant.endsAt.toISOString(), to: endsAt.toISOString(), reason }, address },
      em,
    );
  }

  /** Revokes a grant inside the caller's transaction, audited as `grant.revoked`. Call {@link changed} after it commits. */
  async revokeIn(em: EntityManager, grant: Grant, actor: AuditActor, reason: string, address: string | null, at = new Date()): Promise<void> {
    await this.grants.revoke(em, grant.id, actor.id, reason, at);
    await this.audit.record({ actor, action: 'grant.revoked', target: { type: 'grant', id: grant.id }, details: { reason, datasetId: grant.datasetId }, address }, em);
  }

  /** Tells caches that grants changed; for paths that issue or revoke inside their own transaction. */
  changed(): void {
    this.changes.notify();
  }

  async list(caller: AuthUser, query: ListGrantsQueryDto): Promise<GrantDto[]> {
    const visible = await this.visibleDatasets(caller);
    let datasetIds = visible ? [...visible.keys()] : undefined;
    if (query.dataset) {
      const d = await this.datasetBySlug(query.dataset);
      datasetIds = datasetIds ? datasetIds.filter((id) => id === d.id) : [d.id];
    }
    const org = query.organisation ? await this.organisations.getBySlug(query.organisation) : null;
    const now = new Date();
    const grants = await this.grants.list({ datasetIds, granteeOrganisationId: org?.id, liveAt: query.status === 'live' ? now : undefined });
    return this.toDtos(grants, now);
  }

  async get(caller: AuthUser, id: string): Promise<GrantDto> {
    const grant = await this.grants.findById(id);
    const visible = await this.visibleDatasets(caller);
    if (!grant || (visible && !visible.has(grant.datasetId))) throw notFound('grant_not_found', 'There is no such grant.');
    return (await this.toDtos([grant], new Date()))[0];
  }

  /** Ends a grant now. Takes effect on the very next request: the cache is cleared too. */
  async revoke(caller: AuthUser, id: string, reason: string, address: string | null): Promise<GrantDto> {
    const now = new Date();
    await this.dataSource.transaction(async (em) => {
      const grant = await this.grants.findById(id, em);
      if (!grant) throw notFound('grant_not_found', 'There is no such grant.');
      if (grant.revokedAt) throw badRequest('grant_already_revoked', 'This grant has already been revoked.');
      await this.grants.revoke(em, id, caller.id, reason, now);
      await this.audit.record({ actor: actorOf(caller), action: 'grant.revoked', target: { type: 'grant', id }, details: { reason, datasetId: grant.datasetId }, address }, em);
      await this.revocations.announce(em, grant, reason);
    });
    this.changes.notify();
    return this.get(caller, id);
  }

  /** Datasets whose grants the caller may see: all for grant managers, else their organisation's. */
  private async visibleDatasets(caller: AuthUser): Promise<Map<string, Dataset> | null> {
    if (hasPermission(caller.roles, Permission.GrantsManage)) return null;
    const own = (await this.datasets.list()).filter((d) => d.ownerOrganisationId === caller.organisationId);
    return new Map(own.map((d) => [d.id, d]));
  }

  private async datasetBySlug(slug: string): Promise<Dataset> {
    const dataset = await this.datasets.findBySlug(slug);
    if (!dataset) throw notFound('dataset_not_found', `There is no dataset "${slug}".`);
    return dataset;
  }

  private async toDtos(grants: Grant[], now: Date): Promise<GrantDto[]> {
    const datasets = new Map((await this.datasets.list()).map((d) => [d.id, d.slug]));
    const orgs = await this.organisations.byIds(grants.flatMap((g) => (g.granteeOrganisationId ? [g.granteeOrganisationId] : [])));
    return grants.map((g) =>
      GrantDto.from(g, { datasetSlug: datasets.get(g.datasetId) ?? '', organisationSlug: g.granteeOrganisationId ? (orgs.get(g.granteeOrganisationId)?.slug ?? null) : null }, now),
    );
  }
}

const RULE_WORDS: Record<ApprovalRule, string> = {
  either: 'its data owner or the IMB',
  both: 'both its data owner and the IMB (two people)',
  data_owner: 'its data owner',
  imb: 'the IMB',
};

/**
 * A direct grant is one person's approval: it stands only if that person, in one capacity, satisfies
 * the dataset's approval rule, and the grant does not reach them (their own user, or their own
 * organisation as a whole).
 */
export function checkDirectGrant(
  caller: Pick<AuthUser, 'id' | 'organisationId' | 'roles'>,
  dataset: Pick<Dataset, 'slug' | 'ownerOrganisationId'>,
  rule: ApprovalRule,
  grantee: { organisationId: string | null; userId: string | null },
): void {
  if (!capacitiesOf(caller, dataset.ownerOrganisationId).some((c) => isSatisfied(rule, [c]))) {
    throw forbidden('approval_required', `You cannot grant access to "${dataset.slug}" directly: it needs approval by ${RULE_WORDS[rule]}. Ask through an access request.`);
  }
  const reachesCaller = grantee.userId ? grantee.userId === caller.id : grantee.organisationId === caller.organisationId;
  if (reachesCaller) {
    throw forbidden('self_grant', 'You cannot grant access to yourself or to your own organisation; ask for it through an access request.');
  }
}

/** `all` stands for every Hampshire and Isle of Wight area; other codes must be known. */
export function expandAreas(areas: readonly string[]): string[] {
  if (areas.includes('all')) return [...ALL_AREA_CODES];
  const unknown = areas.filter((a) => !ALL_AREA_CODES.includes(a));
  if (unknown.length) throw badRequest('area_unknown', `These are not Hampshire or Isle of Wight areas: ${unknown.join(', ')}.`);
  return [...new Set(areas)].sort();
}
