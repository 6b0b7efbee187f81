import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, SelectQueryBuilder } from 'typeorm';
import { AuditEntry } from './audit-entry.entity.js';

/** What the audit viewer can filter on; every value is bound as a parameter. */
export interface AuditFilter {
  actorId?: string;
  actorEmail?: string;
  organisationId?: string;
  /**
   * Entries about any of these datasets: target `dataset:<id>`, `details.datasetId`,
   * `details.datasetIds` (ids), `details.dataset` (slug) or `details.datasets[].slug`.
   */
  datasets?: { id: string; slug: string }[];
  /** Exact action, or a prefix when `actionPrefix` is set. */
  action?: string;
  actionPrefix?: boolean;
  /** Any of these action prefixes (e.g. `query.`). */
  actionPrefixes?: string[];
  from?: Date;
  to?: Date;
}

/** Read side of the audit log: filtered, paged, newest first. Appends stay in AuditRepository. */
@Injectable()
export class AuditSearchRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async page(filter: AuditFilter, offset: number, limit: number): Promise<{ entries: AuditEntry[]; total: number }> {
    const q = this.filtered(filter).orderBy('a.id', 'DESC').offset(offset).limit(limit);
    const [entries, total] = await q.getManyAndCount();
    return { entries, total };
  }

  /** Who appears in the matching entries: per actor and action, how often and when last. */
  async summary(filter: AuditFilter, limit: number): Promise<{ actorId: string | null; actorEmail: string | null; organisationId: string | null; action: string; count: number; lastAt: Date }[]> {
    const rows = await this.filtered(filter)
      .select('a.actor_id', 'actorId')
      .addSelect('a.actor_email', 'actorEmail')
      .addSelect('a.organisation_id', 'organisationId')
      .addSelect('a.action', 'action')
      .addSelect('COUNT(*)', 'count')
      .addSelect('MAX(a.at)', 'lastAt')
      .groupBy('a.actor_id')
      .addGroupBy('a.actor_email')
      .addGroupBy('a.organisation_id')
      .addGroupBy('a.action')
      .orderBy('MAX(a.at)', 'DESC')
      .limit(limit)
      .getRawMany();
    return rows.map((r) => ({ ...r, count: Number(r.count), lastAt: new Date(r.lastAt) }));
  }

  /** Entries older than `beforeId` (all when null), newest first: for exporting in batches. */
  batchBefore(filter: AuditFilter, beforeId: string | null, size: number): Promise<AuditEntry[]> {
    const q = this.filtered(filter);
    if (beforeId !== null) q.andWhere('a.id < :beforeId', { beforeId });
    return q.orderBy('a.id', 'DESC').limit(size).getMany();
  }

  private filtered(f: AuditFilter): SelectQueryBuilder<AuditEntry> {
    const q = this.dataSource.getRepository(AuditEntry).createQueryBuilder('a').where('TRUE');
    if (f.actorId) q.andWhere('a.actor_id = :actorId', { actorId: f.actorId });
    if (f.actorEmail) q.andWhere('lower(a.actor_email) = lower(:actorEmail)', { actorEmail: f.actorEmail });
    if (f.organisationId) q.andWhere('a.organisation_id = :organisationId', { organisationId: f.organisationId });
    if (f.datasets) {
      if (f.datasets.length === 0) return q.andWhere('FALSE');
      q.andWhere(
        new Brackets((w) => {
          f.datasets!.forEach(({ id, slug }, i) => {
            const [pid, pslug] = [`dsId${i}`, `dsSlug${i}`];
            w.orWhere(`(a.target_type = 'dataset' AND a.target_id = :${pid})`, { [pid]: id, [pslug]: slug })
              .orWhere(`a.details ->> 'datasetId' = :${pid}`)
              .orWhere(`COALESCE(a.details -> 'datasetIds', '[]'::jsonb) @> jsonb_build_array(CAST(:${pid} AS text))`)
              .orWhere(`a.details ->> 'dataset' = :${pslug}`)
              .orWhere(`jsonb_typeof(a.details -> 'datasets') = 'array' AND a.details -> 'datasets' @> jsonb_build_array(jsonb_build_object('slug', CAST(:${pslug} AS text)))`);
          });
        }),
      );
    }
    if (f.action) {
      if (f.actionPrefix) q.andWhere('left(a.action, length(:action)) = :action', { action: f.action });
      else q.andWhere('a.action = :action', { action: f.action });
    }
    if (f.actionPrefixes?.length) {
      q.andWhere(
        new Brackets((w) => f.actionPrefixes!.forEach((p, i) => w.orWhere(`left(a.action, length(:ap${i})) = :ap${i}`, { [`ap${i}`]: p }))),
      );
    }
    if (f.from) q.andWhere('a.at >= :from', { from: f.from });
    if (f.to) q.andWhere('a.at < :to', { to: f.to });
    return q;
  }
}
