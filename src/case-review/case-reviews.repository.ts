import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Between, DataSource, EntityManager, In, IsNull, Not } from 'typeorm';
import { CaseReviewItem } from './case-review-item.entity.js';
import { CaseReviewMember } from './case-review-member.entity.js';
import { CaseReview, CaseStatus } from './case-review.entity.js';

/** The one repository for ASB case reviews, their members and their recommendations and actions. */
@Injectable()
export class CaseReviewsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private cases(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(CaseReview);
  }

  private members(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(CaseReviewMember);
  }

  private items(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(CaseReviewItem);
  }

  /** The next reference of a year: ASB-2026-0001 (one sequence, so never reused). */
  async nextReference(em: EntityManager, year: number): Promise<string> {
    const [row] = (await em.query(`SELECT nextval('case_review_reference_seq') AS n`)) as { n: string }[];
    return `ASB-${year}-${String(row.n).padStart(4, '0')}`;
  }

  insert(em: EntityManager, value: Partial<CaseReview>): Promise<CaseReview> {
    return this.cases(em).save(this.cases(em).create(value));
  }

  async update(em: EntityManager, id: string, change: Partial<CaseReview>): Promise<void> {
    await this.cases(em).update({ id }, change as never);
  }

  findById(id: string, em?: EntityManager): Promise<CaseReview | null> {
    return this.cases(em).findOne({ where: { id } });
  }

  /** Locks the case row for a change (two officers deciding at once are serialised). */
  findForUpdate(em: EntityManager, id: string): Promise<CaseReview | null> {
    return this.cases(em).createQueryBuilder('c').where('c.id = :id', { id }).setLock('pessimistic_write').getOne();
  }

  /** Cases newest first, optionally only these ids. */
  list(filter: { ids?: string[]; open?: boolean } = {}): Promise<CaseReview[]> {
    const where: Record<string, unknown> = {};
    if (filter.ids) where.id = In(filter.ids);
    if (filter.open) where.status = Not(In([CaseStatus.Closed, CaseStatus.ThresholdNotMet]));
    return this.cases().find({ where, order: { receivedOn: 'DESC', reference: 'DESC' } });
  }

  /** Cases received between two dates inclusive (published figures). */
  receivedBetween(from: string, to: string): Promise<CaseReview[]> {
    return this.cases().find({ where: { receivedOn: Between(from, to) } });
  }

  membersOf(caseIds: string[], em?: EntityManager): Promise<CaseReviewMember[]> {
    if (caseIds.length === 0) return Promise.resolve([]);
    return this.members(em).find({ where: { caseReviewId: In(caseIds) }, order: { addedAt: 'ASC' } });
  }

  /** The reviews a user takes part in. */
  async caseIdsOfMember(userId: string): Promise<string[]> {
    return (await this.members().find({ where: { userId } })).map((m) => m.caseReviewId);
  }

  addMember(em: EntityManager, value: Partial<CaseReviewMember>): Promise<CaseReviewMember> {
    return this.members(em).save(this.members(em).create(value));
  }

  itemsOf(caseIds: string[], em?: EntityManager): Promise<CaseReviewItem[]> {
    if (caseIds.length === 0) return Promise.resolve([]);
    return this.items(em).find({ where: { caseReviewId: In(caseIds) }, order: { createdAt: 'ASC' } });
  }

  addItem(em: EntityManager, value: Partial<CaseReviewItem>): Promise<CaseReviewItem> {
    return this.items(em).save(this.items(em).create(value));
  }

  async completeItem(em: EntityManager, caseId: string, itemId: string, on: string): Promise<boolean> {
    const result = await this.items(em).update({ id: itemId, caseReviewId: caseId, doneOn: IsNull() }, { doneOn: on });
    return (result.affected ?? 0) > 0;
  }
}
