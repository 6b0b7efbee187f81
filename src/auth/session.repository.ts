import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { Session } from './session.entity.js';

@Injectable()
export class SessionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(Session);
  }

  create(em: EntityManager, session: Partial<Session>): Promise<Session> {
    return this.repo(em).save(this.repo(em).create(session));
  }

  findById(id: string): Promise<Session | null> {
    return this.repo().findOne({ where: { id } });
  }

  async revoke(em: EntityManager, id: string, at: Date): Promise<boolean> {
    const result = await this.repo(em).update({ id, revokedAt: IsNull() }, { revokedAt: at });
    return (result.affected ?? 0) > 0;
  }

  /** Ends every open session of a user (disabled account, password reset). */
  async revokeAllForUser(em: EntityManager, userId: string, at: Date): Promise<number> {
    const result = await this.repo(em).update({ userId, revokedAt: IsNull() }, { revokedAt: at });
    return result.affected ?? 0;
  }
}
