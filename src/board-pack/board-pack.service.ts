import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { actorOf } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { Role } from '../auth/role.js';
import { badRequest, notFound } from '../common/domain-error.js';
import { NotificationKind } from '../governance/notification.entity.js';
import { NotificationsService } from '../governance/notifications.service.js';
import { SchedulerService } from '../scheduler/scheduler.service.js';
import type { User } from '../users/user.entity.js';
import { BoardPackFiguresService } from './board-pack-figures.js';
import { renderBoardPack } from './board-pack-pdf.js';
import { BoardPackRepository } from './board-pack.repository.js';
import type { BoardPackDto } from './board-pack.dto.js';
import { lastEndedQuarter, type Quarter, quarterOf } from './quarter.js';

/**
 * The IMB board pack: made on demand (for the caller) and each quarter (job `board-pack`,
 * BOARD_PACK_CRON, for every IMB member, once each however many hub processes run), kept in
 * PostgreSQL for download, its making and every download audited.
 */
@Injectable()
export class BoardPackService implements OnModuleInit {
  private readonly logger = new Logger(BoardPackService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: BoardPackRepository,
    private readonly figures: BoardPackFiguresService,
    private readonly notifications: NotificationsService,
    private readonly scheduler: SchedulerService,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({ name: 'board-pack', cron: '0 6 1 1,4,7,10 *', leaseSeconds: 3600, run: (now) => this.scheduled(now).then(() => undefined) });
  }

  async list(caller: AuthUser): Promise<BoardPackDto[]> {
    return (await this.repository.listFor(caller.id)).map(toDto);
  }

  /** Makes a pack for the caller now, for a quarter (default: the last one ended). */
  async generate(caller: AuthUser, quarterLabel: string | undefined, address: string | null): Promise<BoardPackDto> {
    const now = new Date();
    const quarter = quarterLabel ? quarterOf(quarterLabel) : lastEndedQuarter(now);
    if (!quarter) throw badRequest('invalid_quarter', 'Give the quarter like 2026-Q3.');
    if (quarter.from > now) throw badRequest('quarter_in_future', 'That quarter has not started yet.');
    const { pdf, pages } = await renderBoardPack(await this.figures.gather(caller, quarter, now));
    const id = await this.dataSource.transaction(async (em) => {
      const saved = await this.repository.insert(em, { quarter: quarter.label, preparedFor: caller.id, requestedBy: caller.id, trigger: 'on_demand', pdf, pages });
      await this.audit.record({ actor: actorOf(caller), action: 'board_pack.generated', target: { type: 'board_pack', id: saved! }, details: { quarter: quarter.label, pages, bytes: pdf.length, trigger: 'on_demand' }, address }, em);
      return saved!;
    });
    return { id, quarter: quarter.label, trigger: 'on_demand', pages, createdAt: now.toISOString() };
  }

  /** The PDF of one of the caller's packs; the download is audited. */
  async download(caller: AuthUser, id: string, address: string | null): Promise<{ pdf: Buffer; filename: string }> {
    const pack = await this.repository.pdfOf(id);
    if (!pack || pack.preparedFor !== caller.id) throw notFound('board_pack_not_found', 'There is no such board pack of yours.');
    await this.audit.record({ actor: actorOf(caller), action: 'board_pack.downloaded', target: { type: 'board_pack', id }, details: { quarter: pack.quarter }, address });
    return { pdf: pack.pdf, filename: `imb-board-pack-${pack.quarter}.pdf` };
  }

  /** The quarterly run: one pack per IMB member for the quarter just ended, and a notice that it is ready. */
  async scheduled(now = new Date()): Promise<number> {
    const quarter = lastEndedQuarter(now);
    const members = (await this.notifications.directory()).filter((u) => !u.disabled && u.roles.includes(Role.Imb));
    let made = 0;
    for (const member of members) {
      try {
        made += (await this.scheduledFor(member, quarter, now)) ? 1 : 0;
      } catch (err) {
        this.logger.warn(`Board pack for ${member.id}: ${(err as Error).message}`);
        throw err;
      }
    }
    return made;
  }

  private async scheduledFor(member: User, quarter: Quarter, now: Date): Promise<boolean> {
    const reader: AuthUser = { id: member.id, email: member.email, displayName: member.displayName, organisationId: member.organisationId, roles: member.roles, sessionId: 'scheduled', mustChangePassword: false };
    const { pdf, pages } = await renderBoardPack(await this.figures.gather(reader, quarter, now));
    return this.dataSource.transaction(async (em) => {
      const id = await this.repository.insert(em, { quarter: quarter.label, preparedFor: member.id, requestedBy: null, trigger: 'schedule', pdf, pages });
      if (!id) return false;
      await this.audit.record({ actor: null, action: 'board_pack.generated', target: { type: 'board_pack', id }, details: { quarter: quarter.label, pages, bytes: pdf.length, trigger: 'schedule', preparedFor: member.id } }, em);
      await this.notifications.send(
        [member.id],
        { kind: NotificationKind.BoardPackReady, title: `The IMB board pack for ${quarter.label} is ready`, body: 'Download it from Access, Board packs.', targetType: 'board_pack', targetId: id, dedupeKey: `board-pack:${quarter.label}` },
        em,
      );
      return true;
    });
  }
}

function toDto(p: { id: string; quarter: string; trigger: 'on_demand' | 'schedule'; pages: number; createdAt: Date }): BoardPackDto {
  return { id: p.id, quarter: p.quarter, trigger: p.trigger, pages: p.pages, createdAt: p.createdAt.toISOString() };
}
