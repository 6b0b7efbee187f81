import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Agreement } from './agreement.entity.js';

/** The one repository for `sharing_agreements`. */
@Injectable()
export class AgreementsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(Agreement);
  }

  insert(em: EntityManager, agreement: Partial<Agreement>): Promise<Agreement> {
    return this.repo(em).save(this.repo(em).create(agreement));
  }

  async update(em: EntityManager, id: string, changes: Partial<Agreement>): Promise<void> {
    await this.repo(em).update({ id }, changes);
  }

  findById(id: string, em?: EntityManager): Promise<Agreement | null> {
    return this.repo(em).findOne({ where: { id } });
  }

  /**
   * Reads an agreement inside a transaction and locks it: `update` while changing it, `share` while
   * a grant is issued or extended under it. So a grant cannot slip past a change that shortens,
   * narrows or ends the agreement: one waits for the other and then sees its result.
   */
  findLocked(em: EntityManager, id: string, mode: 'update' | 'share'): Promise<Agreement | null> {
    return this.repo(em)
      .createQueryBuilder('a')
      .setLock(mode === 'update' ? 'pessimistic_write' : 'pessimistic_read')
      .where('a.id = :id', { id })
      .getOne();
  }

  findByIds(ids: string[]): Promise<Agreement[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.repo().createQueryBuilder('a').where('a.id IN (:...ids)', { ids }).getMany();
  }

  /** All agreements, or those an organisation is party to; newest first. */
  list(partyOrganisationId?: string): Promise<Agreement[]> {
    const q = this.repo().createQueryBuilder('a').orderBy('a.created_at', 'DESC').addOrderBy('a.id', 'ASC');
    if (partyOrganisationId) q.where(':org = ANY(a.party_organisation_ids)', { org: partyOrganisationId });
    return q.getMany();
  }
}
