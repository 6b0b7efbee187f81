import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Dataset } from './dataset.entity.js';

/** Figures a publish or rollback leaves on a dataset row. */
export interface DatasetLoadStats {
  rowCount: number;
  minMonth: string | null;
  maxMonth: string | null;
}

/** The one repository for the `datasets` table (the catalogue). Ingest writes; query reads. */
@Injectable()
export class DatasetsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(Dataset);
  }

  findById(id: string, em?: EntityManager): Promise<Dataset | null> {
    return this.repo(em).findOne({ where: { id } });
  }

  findBySlug(slug: string, em?: EntityManager): Promise<Dataset | null> {
    return this.repo(em).findOne({ where: { slug } });
  }

  list(em?: EntityManager): Promise<Dataset[]> {
    return this.repo(em).find({ order: { slug: 'ASC' } });
  }

  async insert(em: EntityManager, dataset: Partial<Dataset>): Promise<Dataset> {
    return this.repo(em).save(this.repo(em).create(dataset));
  }

  async update(em: EntityManager, id: string, changes: Partial<Dataset>): Promise<void> {
    await this.repo(em).update({ id }, changes);
  }

  /** Records the outcome of a publish or rollback: new figures and a version bump (cache key). */
  async recordPublish(id: string, stats: DatasetLoadStats, loadedAt: Date | null, em?: EntityManager): Promise<void> {
    const changes: Record<string, unknown> = {
      rowCount: stats.rowCount,
      minMonth: stats.minMonth,
      maxMonth: stats.maxMonth,
      version: () => 'version + 1',
    };
    if (loadedAt) changes.lastLoadedAt = loadedAt;
    await this.repo(em).createQueryBuilder().update(Dataset).set(changes).where('id = :id', { id }).execute();
  }
}
