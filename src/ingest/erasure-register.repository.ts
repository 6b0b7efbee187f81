import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ErasedRecord, Erasure } from './erasure.entity.js';

/** The one repository for erasures and the erasure register (PostgreSQL). */
@Injectable()
export class ErasureRegisterRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Hashes of every erased record of a dataset, for a load to skip. */
  async hashes(datasetId: string, em?: EntityManager): Promise<string[]> {
    const rows = await (em ?? this.dataSource.manager).getRepository(ErasedRecord).find({ where: { datasetId }, select: { keyHash: true } });
    return rows.map((r) => r.keyHash.trim());
  }

  /** Records an erasure and registers its records' hashes (a hash already registered stays with its first erasure). */
  async record(em: EntityManager, erasure: Omit<Erasure, 'id' | 'createdAt'>, hashes: readonly string[]): Promise<Erasure> {
    const saved = await em.getRepository(Erasure).save(em.getRepository(Erasure).create(erasure));
    for (let i = 0; i < hashes.length; i += 500) {
      const rows = hashes.slice(i, i + 500).map((keyHash) => ({ datasetId: erasure.datasetId, keyHash, erasureId: saved.id }));
      await em.createQueryBuilder().insert().into(ErasedRecord).values(rows).orIgnore().execute();
    }
    return saved;
  }

  list(datasetId: string): Promise<Erasure[]> {
    return this.dataSource.getRepository(Erasure).find({ where: { datasetId }, order: { createdAt: 'DESC' } });
  }
}
