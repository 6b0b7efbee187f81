import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, LessThan } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity.js';
import { IdentityProvider } from './identity-provider.entity.js';
import { SsoAttempt } from './sso-attempt.entity.js';

@Injectable()
export class IdentityProvidersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private providers(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(IdentityProvider);
  }

  private attempts(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(SsoAttempt);
  }

  find(organisationId: string): Promise<IdentityProvider | null> {
    return this.providers().findOne({ where: { organisationId } });
  }

  /** Organisations whose provider is switched on, for the sign-in page. */
  async listEnabled(): Promise<{ provider: IdentityProvider; organisation: Organisation }[]> {
    const rows = await this.providers()
      .createQueryBuilder('p')
      .innerJoinAndMapOne('p.organisation', Organisation, 'o', 'o.id = p.organisation_id')
      .where('p.enabled = true')
      .orderBy('o.name')
      .getMany();
    return rows.map((row) => {
      const { organisation, ...provider } = row as IdentityProvider & { organisation: Organisation };
      return { provider: provider as IdentityProvider, organisation };
    });
  }

  async save(em: EntityManager, provider: Partial<IdentityProvider> & { organisationId: string }): Promise<IdentityProvider> {
    return this.providers(em).save(this.providers(em).create(provider));
  }

  async recordError(organisationId: string, message: string | null, at: Date): Promise<void> {
    await this.providers().update({ organisationId }, { lastError: message?.slice(0, 2000) ?? null, lastErrorAt: message ? at : null });
  }

  createAttempt(attempt: Partial<SsoAttempt>): Promise<SsoAttempt> {
    return this.attempts().save(this.attempts().create(attempt));
  }

  findAttempt(browserKeyHash: string, em?: EntityManager): Promise<SsoAttempt | null> {
    return this.attempts(em).findOne({ where: { browserKeyHash } });
  }

  async updateAttempt(em: EntityManager | undefined, id: string, changes: Partial<SsoAttempt>): Promise<void> {
    await this.attempts(em).update({ id }, changes);
  }

  /** Marks a handed-off attempt used; false when another request already used it. */
  async consumeAttempt(em: EntityManager, id: string, at: Date): Promise<boolean> {
    const result = await em.query(`UPDATE sso_attempts SET consumed_at = $2 WHERE id = $1 AND consumed_at IS NULL RETURNING id`, [id, at]);
    return (Array.isArray(result[0]) ? result[0] : result).length > 0;
  }

  async deleteExpiredAttempts(before: Date): Promise<void> {
    await this.attempts().delete({ expiresAt: LessThan(before) });
  }
}
