import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { User } from './user.entity.js';

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(User);
  }

  findById(id: string, em?: EntityManager): Promise<User | null> {
    return this.repo(em).findOne({ where: { id } });
  }

  findByEmail(email: string, em?: EntityManager): Promise<User | null> {
    return this.repo(em).findOne({ where: { email: email.toLowerCase() } });
  }

  findByOidcSubject(issuer: string, subject: string, em?: EntityManager): Promise<User | null> {
    return this.repo(em).findOne({ where: { oidcIssuer: issuer, oidcSubject: subject } });
  }

  /** The user with their password hash, for checking a sign-in. */
  findForSignIn(email: string): Promise<User | null> {
    return this.repo()
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: email.toLowerCase() })
      .getOne();
  }

  list(em?: EntityManager): Promise<User[]> {
    return this.repo(em).find({ order: { email: 'ASC' } });
  }

  count(): Promise<number> {
    return this.repo().count();
  }

  async insert(em: EntityManager, user: Partial<User>): Promise<User> {
    const saved = await this.repo(em).save(this.repo(em).create(user));
    return saved;
  }

  async update(em: EntityManager, id: string, changes: Partial<User>): Promise<void> {
    await this.repo(em).update({ id }, changes);
  }

  async recordSignIn(id: string, at: Date): Promise<void> {
    await this.repo().update({ id }, { lastSignInAt: at });
  }
}
