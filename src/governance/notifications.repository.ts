import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { Notification } from './notification.entity.js';

export type NewNotification = Pick<Notification, 'userId' | 'kind' | 'title' | 'body' | 'targetType' | 'targetId' | 'dedupeKey'>;

/** The one repository for `notifications`. */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(Notification);
  }

  /** Inserts notices; one whose (user, dedupe key) exists already is skipped. Returns how many were new. */
  async insertMany(items: NewNotification[], em?: EntityManager): Promise<number> {
    if (items.length === 0) return 0;
    const result = await this.repo(em).createQueryBuilder().insert().into(Notification).values(items).orIgnore().execute();
    return result.identifiers.filter(Boolean).length;
  }

  page(userId: string, unreadOnly: boolean, offset: number, limit: number): Promise<[Notification[], number]> {
    return this.repo().findAndCount({
      where: { userId, ...(unreadOnly ? { readAt: IsNull() } : {}) },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: offset,
      take: limit,
    });
  }

  countUnread(userId: string): Promise<number> {
    return this.repo().count({ where: { userId, readAt: IsNull() } });
  }

  /** Marks every unread notice of a kind about a target read, for everyone (e.g. once a request is decided). */
  async markTargetRead(em: EntityManager, kind: Notification['kind'], targetType: string, targetId: string, at: Date): Promise<void> {
    await this.repo(em).update({ kind, targetType, targetId, readAt: IsNull() }, { readAt: at });
  }

  /** Marks the user's own notices read (ids of other users' notices are ignored); returns how many changed. */
  async markRead(userId: string, ids: string[] | 'all', at: Date): Promise<number> {
    const where = { userId, readAt: IsNull(), ...(ids === 'all' ? {} : { id: In(ids) }) };
    if (ids !== 'all' && ids.length === 0) return 0;
    const result = await this.repo().update(where, { readAt: at });
    return result.affected ?? 0;
  }
}
