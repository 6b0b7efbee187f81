import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, In } from 'typeorm';
import { Grant } from './grant.entity.js';

export interface GrantFilter {
  datasetIds?: string[];
  granteeOrganisationId?: string;
  granteeUserId?: string;
  /** Only grants live at this moment. */
  liveAt?: Date;
  /** Only grants resting on this information sharing agreement. */
  agreementId?: string;
  /** Only case pack grants of this ASB case review. */
  caseReviewId?: string;
}

/** The one repository for `access_grants`. */
@Injectable()
export class GrantsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(Grant);
  }

  insert(em: EntityManager, grant: Partial<Grant>): Promise<Grant> {
    return this.repo(em).save(this.repo(em).create(grant));
  }

  findById(id: string, em?: EntityManager): Promise<Grant | null> {
    return this.repo(em).findOne({ where: { id } });
  }

  /** Grants matching the filter, newest first. */
  list(filter: GrantFilter = {}, em?: EntityManager): Promise<Grant[]> {
    const q = this.repo(em).createQueryBuilder('g').orderBy('g.created_at', 'DESC').addOrderBy('g.id', 'ASC');
    if (filter.datasetIds) {
      if (filter.datasetIds.length === 0) return Promise.resolve([]);
      q.andWhere({ datasetId: In(filter.datasetIds) });
    }
    if (filter.granteeOrganisationId) q.andWhere('g.grantee_organisation_id = :org', { org: filter.granteeOrganisationId });
    if (filter.granteeUserId) q.andWhere('g.grantee_user_id = :user', { user: filter.granteeUserId });
    if (filter.caseReviewId) q.andWhere('g.case_review_id = :caseReview', { caseReview: filter.caseReviewId });
    if (filter.agreementId) q.andWhere('g.agreement_id = :agreement', { agreement: filter.agreementId });
    if (filter.liveAt) {
      q.andWhere('g.revoked_at IS NULL AND g.starts_at <= :at AND g.ends_at > :at', { at: filter.liveAt });
    }
    return q.getMany();
  }

  /** Unrevoked grants, live at `at`, that name this user or their organisation (the policy re-checks). */
  liveForCaller(caller: { id: string; organisationId: string }, at: Date): Promise<Grant[]> {
    return this.repo()
      .createQueryBuilder('g')
      .where('g.revoked_at IS NULL AND g.starts_at <= :at AND g.ends_at > :at', { at })
      .andWhere(
        new Brackets((w) =>
          w.where('g.grantee_user_id = :user', { user: caller.id }).orWhere('g.grantee_user_id IS NULL AND g.grantee_organisation_id = :org', { org: caller.organisationId }),
        ),
      )
      .getMany();
  }

  async revoke(em: EntityManager, id: string, by: string, reason: string, at: Date): Promise<void> {
    await this.repo(em).update({ id }, { revokedAt: at, revokedBy: by, revokedReason: reason });
  }

  /** Moves a grant's end (recertification, or its agreement ending sooner). */
  async setEndsAt(em: EntityManager, id: string, endsAt: Date): Promise<void> {
    await this.repo(em).update({ id }, { endsAt });
  }

  async touchLastUsed(ids: string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.repo().createQueryBuilder().update(Grant).set({ lastUsedAt: at }).where({ id: In(ids) }).execute();
  }
}
