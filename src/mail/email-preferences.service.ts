import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { actorOf } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { badRequest } from '../common/domain-error.js';
import type { EmailPreferencesDto, UpdateEmailPreferencesDto } from './email-preferences.dto.js';
import { MailService } from './mail.service.js';
import { NoticeMailRepository } from './notice-mail.repository.js';
import { ALL_KINDS, EMAIL_KINDS } from './notification-email.js';

/** Each user's own choice of which notices reach them by email, and how. */
@Injectable()
export class EmailPreferencesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notices: NoticeMailRepository,
    private readonly mail: MailService,
    private readonly audit: AuditService,
  ) {}

  async get(caller: AuthUser): Promise<EmailPreferencesDto> {
    const chosen = new Map((await this.notices.preferences(caller.id)).map((p) => [p.kind, p.delivery]));
    return {
      emailEnabled: this.mail.enabled,
      address: caller.email,
      kinds: ALL_KINDS.map((kind) => ({ kind, label: EMAIL_KINDS[kind].label, delivery: chosen.get(kind) ?? EMAIL_KINDS[kind].initial, isDefault: !chosen.has(kind) })),
    };
  }

  async update(caller: AuthUser, dto: UpdateEmailPreferencesDto, address: string | null): Promise<EmailPreferencesDto> {
    const kinds = dto.preferences.map((p) => p.kind);
    if (new Set(kinds).size !== kinds.length) throw badRequest('duplicate_kind', 'Each kind of notification can be chosen once.');
    await this.dataSource.transaction(async (em) => {
      await this.notices.savePreferences(em, caller.id, dto.preferences);
      await this.audit.record({ actor: actorOf(caller), action: 'email_preferences.updated', target: { type: 'user', id: caller.id }, details: { preferences: dto.preferences }, address }, em);
    });
    return this.get(caller);
  }
}
