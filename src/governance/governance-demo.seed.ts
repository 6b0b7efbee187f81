import { Injectable, Logger } from '@nestjs/common';
import { AccessLevel } from '../access/access-level.js';
import type { AuthUser } from '../auth/auth-user.js';
import { DatasetsRepository } from '../datasets/datasets.repository.js';
import { UsersRepository } from '../users/users.repository.js';
import { AccessRequestsService } from './access-requests.service.js';
import { AgreementsService } from './agreements.service.js';

const DAY_MS = 86_400_000;
const IMB = 'imb@demo.csp-hub.test';
const ANALYST = 'analyst.winchester@demo.csp-hub.test';

/**
 * Demo governance data, made through the real rules right after the demo accounts are seeded: one
 * agreement in force and one pending request, so the IMB and the police data owner have something
 * to decide when they first sign in.
 */
@Injectable()
export class GovernanceDemoSeed {
  private readonly logger = new Logger(GovernanceDemoSeed.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly datasets: DatasetsRepository,
    private readonly agreements: AgreementsService,
    private readonly requests: AccessRequestsService,
  ) {}

  async seed(): Promise<void> {
    const [imb, analyst] = await Promise.all([this.users.findByEmail(IMB), this.users.findByEmail(ANALYST)]);
    const dataset = await this.datasets.findBySlug('police-uk-street');
    if (!imb || !analyst || !dataset) return;
    const now = Date.now();
    const agreement = await this.agreements.create(
      caller(imb),
      {
        title: 'Hampshire and Isle of Wight ASB information sharing agreement (demo)',
        purpose: 'Identifying threat, risk and harm from anti-social behaviour across partners, and repeat and vulnerable victims',
        lawfulBasis: 'Crime and Disorder Act 1998 s115 and s17A; UK GDPR Art 6(1)(e); DPA 2018 Part 3',
        parties: ['hiow-constabulary', 'winchester', 'portsmouth', 'opcc'],
        datasets: ['police-uk-street'],
        startsAt: new Date(now - 30 * DAY_MS).toISOString(),
        reviewAt: new Date(now + 335 * DAY_MS).toISOString(),
        endsAt: new Date(now + 730 * DAY_MS).toISOString(),
      },
      null,
    );
    await this.requests.create(
      caller(analyst),
      {
        dataset: dataset.slug,
        level: AccessLevel.Record,
        areas: ['E07000094'],
        purpose: 'Problem-solving ASB hotspots with the Winchester Community Safety Partnership',
        agreementId: agreement.id,
        until: new Date(now + 180 * DAY_MS).toISOString(),
      },
      null,
    );
    this.logger.log('Seeded a demo sharing agreement and a pending access request');
  }
}

function caller(u: { id: string; email: string; displayName: string; organisationId: string; roles: AuthUser['roles'] }): AuthUser {
  return { id: u.id, email: u.email, displayName: u.displayName, organisationId: u.organisationId, roles: u.roles, sessionId: 'demo-seed', mustChangePassword: false };
}
