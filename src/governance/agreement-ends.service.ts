import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GrantsService } from '../access/grants.service.js';
import { AuditService } from '../audit/audit.service.js';
import { Role } from '../auth/role.js';
import { type Agreement, AgreementStatus } from './agreement.entity.js';
import { AgreementsRepository } from './agreements.repository.js';
import { NotificationKind } from './notification.entity.js';
import { NotificationsService } from './notifications.service.js';

const REASON = 'The information sharing agreement ended';

/**
 * Agreements whose end date has passed: each is marked ended, every grant under it that is still
 * live ends with it (its end moved to the agreement's), and the IMB and the grantees are told, in
 * one transaction per agreement, audited as `agreement.ended` with the grants that ended.
 * Run by the daily governance sweep; safe to repeat.
 */
@Injectable()
export class AgreementEndsService {
  private readonly logger = new Logger(AgreementEndsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly agreements: AgreementsRepository,
    private readonly grants: GrantsService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  /** Ends every agreement in force past its end date; returns how many. */
  async endDue(now = new Date()): Promise<number> {
    const due = (await this.agreements.list()).filter((a) => a.status === AgreementStatus.Active && a.endsAt <= now);
    if (due.length === 0) return 0;
    const users = await this.notifications.directory();
    let ended = 0;
    for (const a of due) {
      const done = await this.dataSource.transaction(async (em) => {
        const current = await this.agreements.findLocked(em, a.id, 'update');
        if (!current || current.status !== AgreementStatus.Active || current.endsAt > now) return null;
        const under = (await this.grants.find({ agreementId: a.id }, em)).filter((g) => g.revokedAt === null && g.endsAt >= current.endsAt && g.startsAt < current.endsAt);
        for (const g of under.filter((g) => g.endsAt > current.endsAt)) await this.grants.reschedule(em, g, current.endsAt, null, REASON, null);
        await this.agreements.update(em, a.id, { status: AgreementStatus.Ended });
        await this.audit.record(
          {
            actor: null,
            actorEmail: 'system@csp-hub',
            action: 'agreement.ended',
            target: { type: 'agreement', id: a.id },
            details: { title: current.title, endsAt: current.endsAt.toISOString(), grantsEnded: under.length, grantIds: under.map((g) => g.id) },
          },
          em,
        );
        await this.tell(em, users, current, under);
        return under.length;
      });
      if (done === null) continue;
      ended++;
      this.logger.log(`Agreement "${a.title}" ended; ${done} grants under it ended with it`);
    }
    if (ended > 0) this.grants.changed();
    return ended;
  }

  private async tell(em: Parameters<NotificationsService['send']>[2], users: Awaited<ReturnType<NotificationsService['directory']>>, a: Agreement, grants: { id: string; granteeUserId: string | null; granteeOrganisationId: string | null }[]) {
    const day = a.endsAt.toISOString().slice(0, 10);
    const imb = users.filter((u) => !u.disabled && u.roles.includes(Role.Imb)).map((u) => u.id);
    await this.notifications.send(
      imb,
      {
        kind: NotificationKind.AgreementEnded,
        title: `Agreement ended: ${a.title}`,
        body: `The agreement ended on ${day}. ${grants.length} grant${grants.length === 1 ? '' : 's'} under it ended with it. Make a new agreement if sharing should go on.`,
        targetType: 'agreement',
        targetId: a.id,
        dedupeKey: `agreement-ended:${a.id}`,
      },
      em,
    );
    for (const g of grants) {
      await this.notifications.send(
        this.notifications.granteesOf(users, g),
        { kind: NotificationKind.GrantRevoked, title: 'Your access to a dataset has ended', body: `The agreement "${a.title}" it rested on ended on ${day}.`, targetType: 'grant', targetId: g.id, dedupeKey: `agreement-ended:${a.id}:${g.id}` },
        em,
      );
    }
  }
}
