import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AccessDecision } from './access-decision.entity.js';
import { AccessRequest, RequestStatus } from './access-request.entity.js';

export interface RequestFilter {
  requesterId?: string;
  datasetIds?: string[];
  status?: RequestStatus;
  caseReviewId?: string;
}

/** The one repository for `access_requests` and their decisions. */
@Injectable()
export class AccessRequestsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private requests(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(AccessRequest);
  }

  private decisions(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(AccessDecision);
  }

  insert(em: EntityManager, request: Partial<AccessRequest>): Promise<AccessRequest> {
    return this.requests(em).save(this.requests(em).create(request));
  }

  /** Reads a request inside a transaction, locked so two approvers cannot decide it at once. */
  findForUpdate(em: EntityManager, id: string): Promise<AccessRequest | null> {
    return this.requests(em).createQueryBuilder('r').setLock('pessimistic_write').where('r.id = :id', { id }).getOne();
  }

  findById(id: string): Promise<AccessRequest | null> {
    return this.requests().findOne({ where: { id } });
  }

  async update(em: EntityManager, id: string, changes: Partial<AccessRequest>): Promise<void> {
    await this.requests(em).update({ id }, changes);
  }

  /** Requests matching the filter, newest first. */
  list(filter: RequestFilter, em?: EntityManager): Promise<AccessRequest[]> {
    if (filter.datasetIds?.length === 0) return Promise.resolve([]);
    return this.requests(em).find({
      where: {
        ...(filter.requesterId ? { requesterId: filter.requesterId } : {}),
        ...(filter.datasetIds ? { datasetId: In(filter.datasetIds) } : {}),
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.caseReviewId ? { caseReviewId: filter.caseReviewId } : {}),
      },
      order: { createdAt: 'DESC', id: 'ASC' },
    });
  }

  insertDecision(em: EntityManager, decision: Partial<AccessDecision>): Promise<AccessDecision> {
    return this.decisions(em).save(this.decisions(em).create(decision));
  }

  /** Decisions on these requests, oldest first. */
  decisionsFor(requestIds: string[], em?: EntityManager): Promise<AccessDecision[]> {
    if (requestIds.length === 0) return Promise.resolve([]);
    return this.decisions(em).find({ where: { requestId: In(requestIds) }, order: { decidedAt: 'ASC', id: 'ASC' } });
  }
}
