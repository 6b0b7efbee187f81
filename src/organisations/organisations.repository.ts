import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Organisation } from './organisation.entity.js';
import type { OrganisationSeed } from '../../domain/organisations.reference.js';

@Injectable()
export class OrganisationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(Organisation);
  }

  list(): Promise<Organisation[]> {
    return this.repo.find({ order: { name: 'ASC' } });
  }

  findById(id: string): Promise<Organisation | null> {
    return this.repo.findOne({ where: { id } });
  }

  findBySlug(slug: string): Promise<Organisation | null> {
    return this.repo.findOne({ where: { slug } });
  }

  findByIds(ids: string[]): Promise<Organisation[]> {
    return ids.length ? this.repo.find({ where: { id: In(ids) } }) : Promise.resolve([]);
  }

  /** Inserts the organisations whose slug is missing; existing rows are left as they are. */
  async insertMissing(seeds: readonly OrganisationSeed[]): Promise<number> {
    const result = await this.repo
      .createQueryBuilder()
      .insert()
      .values(seeds.map((s) => ({ slug: s.slug, name: s.name, type: s.type, onsCode: s.onsCode, areas: [...s.areas] })))
      .orIgnore()
      .execute();
    return result.identifiers.filter(Boolean).length;
  }
}
