import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { User } from '../users/user.entity.js';
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

  /** A session and its user in one round trip (every authenticated request asks this). */
  async findWithUser(id: string): Promise<{ session: Session; user: User | null } | null> {
    const found = await this.repo()
      .createQueryBuilder('s')
      .leftJoinAndMapOne('s.user', User, 'u', 'u.id = s.user_id')
      .where('s.id = :id', { id })
      .getOne();
    if (!found) return null;
    const { user, ...session } = found as Session & { user?: User };
    return { session: session as Session, user: user ?? null };
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
