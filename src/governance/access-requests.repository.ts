import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AccessDecision, type ApproverCapacity } from './access-decision.entity.js';
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

  /** Records that a possible decider opened the request, the first time only; true when this was the first time. */
  async recordView(view: { requestId: string; userId: string; email: string; capacity: ApproverCapacity }, em?: EntityManager): Promise<boolean> {
    const rows: unknown[] = await (em ?? this.dataSource.manager).query(
      `INSERT INTO access_request_views (request_id, user_id, user_email, capacity) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING request_id`,
      [view.requestId, view.userId, view.email, view.capacity],
    );
    return rows.length > 0;
  }

  /** Who of the possible deciders has opened the request, and when first, oldest first. */
  async viewsOf(requestId: string): Promise<{ userId: string; email: string; capacity: ApproverCapacity; firstSeenAt: Date }[]> {
    const rows: { user_id: string; user_email: string; capacity: ApproverCapacity; first_seen_at: Date }[] = await this.dataSource.query(
      `SELECT user_id, user_email, capacity, first_seen_at FROM access_request_views WHERE request_id = $1 ORDER BY first_seen_at, user_email`,
      [requestId],
    );
    return rows.map((r) => ({ userId: r.user_id, email: r.user_email, capacity: r.capacity, firstSeenAt: new Date(r.first_seen_at) }));
  }

  /** Decisions on these requests, oldest first. */
  decisionsFor(requestIds: string[], em?: EntityManager): Promise<AccessDecision[]> {
    if (requestIds.length === 0) return Promise.resolve([]);
    return this.decisions(em).find({ where: { requestId: In(requestIds) }, order: { decidedAt: 'ASC', id: 'ASC' } });
  }
}
