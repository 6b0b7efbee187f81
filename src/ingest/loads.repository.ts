import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, LessThan, MoreThanOrEqual, And, type FindOperator } from 'typeorm';
import { Load, type LoadProgress } from './load.entity.js';
import { LoadStatus } from './load-policy.js';

export interface LoadFilter {
  feedId?: string;
  status?: LoadStatus;
  limit: number;
}

/** Load history: by feed, status, time queued (from inclusive, to exclusive) and file content. */
export interface LoadHistoryFilter {
  feedIds?: string[];
  status?: LoadStatus;
  from?: Date;
  to?: Date;
  sha256?: string;
}

@Injectable()
export class LoadsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(Load);
  }

  findById(id: string, em?: EntityManager): Promise<Load | null> {
    return this.repo(em).findOne({ where: { id } });
  }

  list(filter: LoadFilter): Promise<Load[]> {
    const where: Record<string, unknown> = {};
    if (filter.feedId) where.feedId = filter.feedId;
    if (filter.status) where.status = filter.status;
    return this.repo().find({ where, order: { queuedAt: 'DESC' }, take: filter.limit });
  }

  /** One page of the history, newest first, with the number of loads matching. */
  async page(filter: LoadHistoryFilter, offset: number, limit: number): Promise<{ loads: Load[]; total: number }> {
    if (filter.feedIds?.length === 0) return { loads: [], total: 0 };
    const queued: FindOperator<Date>[] = [];
    if (filter.from) queued.push(MoreThanOrEqual(filter.from));
    if (filter.to) queued.push(LessThan(filter.to));
    const where = {
      ...(filter.feedIds ? { feedId: In(filter.feedIds) } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.sha256 ? { sha256: filter.sha256 } : {}),
      ...(queued.length ? { queuedAt: queued.length === 1 ? queued[0] : And(...queued) } : {}),
    };
    const [loads, total] = await this.repo().findAndCount({ where, order: { queuedAt: 'DESC', id: 'ASC' }, skip: offset, take: limit });
    return { loads, total };
  }

  /** The succeeded load of the same bytes into the same dataset, if any. */
  findPublished(datasetId: string, sha256: string, em?: EntityManager): Promise<Load | null> {
    return this.repo(em).findOne({ where: { datasetId, sha256, status: LoadStatus.Succeeded } });
  }

  findByIds(ids: readonly string[]): Promise<Load[]> {
    return ids.length ? this.repo().find({ where: { id: In([...ids]) } }) : Promise.resolve([]);
  }

  withStatus(statuses: LoadStatus[]): Promise<Load[]> {
    return this.repo().find({ where: { status: In(statuses) }, order: { queuedAt: 'ASC' } });
  }

  insert(em: EntityManager, load: Partial<Load>): Promise<Load> {
    return this.repo(em).save(this.repo(em).create(load));
  }

  async update(id: string, changes: Partial<Load>, em?: EntityManager): Promise<void> {
    await this.repo(em).update({ id }, changes as never);
  }

  async setProgress(id: string, progress: LoadProgress): Promise<void> {
    await this.repo().update({ id }, { progress } as never);
  }
}
