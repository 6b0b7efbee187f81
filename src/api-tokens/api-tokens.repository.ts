import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In, IsNull } from 'typeorm';
import { ApiToken } from './api-token.entity.js';

/** Who may see a token in a list: its creator, or anyone with authority over its feed or dataset. */
export interface TokenVisibility {
  creatorId: string;
  feedIds: readonly string[];
  datasetIds: readonly string[];
}

@Injectable()
export class ApiTokensRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(ApiToken);
  }

  findByHash(tokenHash: string): Promise<ApiToken | null> {
    return this.repo().findOne({ where: { tokenHash } });
  }

  findById(id: string, em?: EntityManager): Promise<ApiToken | null> {
    return this.repo(em).findOne({ where: { id } });
  }

  /** Every token, newest first (administrators), or those `visibility` allows. */
  list(visibility: TokenVisibility | 'all'): Promise<ApiToken[]> {
    const order = { createdAt: 'DESC' } as const;
    if (visibility === 'all') return this.repo().find({ order });
    const where: Record<string, unknown>[] = [{ creatorId: visibility.creatorId }];
    if (visibility.feedIds.length) where.push({ feedId: In([...visibility.feedIds]) });
    if (visibility.datasetIds.length) where.push({ datasetId: In([...visibility.datasetIds]) });
    return this.repo().find({ where, order });
  }

  insert(em: EntityManager, token: Partial<ApiToken>): Promise<ApiToken> {
    return this.repo(em).save(this.repo(em).create(token));
  }

  /** Marks the token revoked unless it already is; false when it was. */
  async revoke(em: EntityManager, id: string, by: string, at: Date): Promise<boolean> {
    const result = await this.repo(em).update({ id, revokedAt: IsNull() }, { revokedAt: at, revokedBy: by });
    return (result.affected ?? 0) > 0;
  }

  async recordUse(id: string, at: Date, address: string | null): Promise<void> {
    await this.repo().update({ id }, { lastUsedAt: at, lastUsedAddress: address });
  }
}
