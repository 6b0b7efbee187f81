import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { MailTransport } from './mail-transport.js';
import type { NewOutboxMessage } from './outbox-message.entity.js';
import { OutboxRepository } from './outbox.repository.js';
import { OutboxWorker } from './outbox-worker.js';

/** The one way to send email: queue it in the outbox (in the caller's transaction), and the worker sends it. */
@Injectable()
export class MailService implements OnApplicationBootstrap {
  private readonly logger = new Logger(MailService.name);

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly worker: OutboxWorker,
    private readonly transport: MailTransport,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Whether email goes out at all (SMTP configured). Without it notices stay in the app. */
  get enabled(): boolean {
    return this.transport.configured;
  }

  onApplicationBootstrap(): void {
    const smtp = this.config.mail.smtp;
    if (smtp) this.logger.log(`Email on: SMTP ${smtp.host}:${smtp.port}${smtp.secure ? ' (TLS)' : smtp.requireTls ? ' (STARTTLS required)' : ''}, links to ${this.config.mail.publicUrl}`);
    else this.logger.warn('Email off: SMTP_HOST is not set, so notifications stay in the app only (docs/notifications.md)');
  }

  /** Queues messages; nothing is queued when email is off. Returns how many were queued. */
  queue(messages: NewOutboxMessage[], em?: EntityManager): Promise<number> {
    if (!this.enabled) return Promise.resolve(0);
    return this.outbox.enqueue(messages, em);
  }

  /** Asks the worker to look at the outbox now (after the queuing transaction committed). */
  wake(): void {
    this.worker.wake();
  }
}
