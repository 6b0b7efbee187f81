import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import { Feed } from './feed.entity.js';

@Injectable()
export class FeedsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(Feed);
  }

  findBySlug(slug: string, em?: EntityManager): Promise<Feed | null> {
    return this.repo(em).findOne({ where: { slug } });
  }

  findById(id: string, em?: EntityManager): Promise<Feed | null> {
    return this.repo(em).findOne({ where: { id } });
  }

  list(): Promise<Feed[]> {
    return this.repo().find({ order: { slug: 'ASC' } });
  }

  /** The feeds that fill one dataset. */
  forDataset(datasetId: string): Promise<Feed[]> {
    return this.repo().find({ where: { datasetId }, order: { slug: 'ASC' } });
  }

  /** Feeds with an inbox folder and a schedule. */
  withInbox(): Promise<Feed[]> {
    return this.repo().find({ where: { inboxDir: Not(IsNull()), schedule: Not(IsNull()) } });
  }

  /** When each feed's last load that published rows finished (a rolled-back load no longer counts), by feed id. */
  async lastPublished(feedId?: string): Promise<Map<string, Date>> {
    const rows: { feedId: string; at: Date }[] = await this.dataSource.query(
      `SELECT feed_id AS "feedId", max(finished_at) AS at FROM loads WHERE status = 'succeeded' AND ($1::uuid IS NULL OR feed_id = $1) GROUP BY feed_id`,
      [feedId ?? null],
    );
    return new Map(rows.map((r) => [r.feedId, new Date(r.at)]));
  }

  insert(em: EntityManager, feed: Partial<Feed>): Promise<Feed> {
    return this.repo(em).save(this.repo(em).create(feed));
  }

  async update(em: EntityManager, id: string, changes: Partial<Feed>): Promise<void> {
    await this.repo(em).update({ id }, changes as never);
  }
}
