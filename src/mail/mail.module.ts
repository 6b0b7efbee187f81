import { Global, Module } from '@nestjs/common';
import { EmailPreferencesController } from './email-preferences.controller.js';
import { EmailPreferencesService } from './email-preferences.service.js';
import { MailService } from './mail.service.js';
import { MailTransport } from './mail-transport.js';
import { NoticeMailRepository } from './notice-mail.repository.js';
import { NoticeMailer } from './notice-mailer.js';
import { OutboxRepository } from './outbox.repository.js';
import { OutboxWorker } from './outbox-worker.js';

/**
 * Email: the durable outbox and its SMTP worker, users' email choices, and notices by email.
 * Global so any module can queue mail through `MailService`. See docs/notifications.md.
 */
@Global()
@Module({
  controllers: [EmailPreferencesController],
  providers: [MailTransport, OutboxRepository, OutboxWorker, MailService, NoticeMailRepository, NoticeMailer, EmailPreferencesService],
  exports: [MailService, NoticeMailer, OutboxWorker, OutboxRepository],
})
export class MailModule {}
