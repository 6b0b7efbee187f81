import { Inject, Injectable, Logger, BeforeApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { MailTransport } from './mail-transport.js';
import type { OutboxMessage } from './outbox-message.entity.js';
import { OutboxRepository } from './outbox.repository.js';

const BATCH = 20;
/** Longer than nodemailer's timeouts, so only a sender that died loses its claim. */
const LEASE_SECONDS = 120;
const MAX_DELAY_MS = 3_600_000;

/** The wait before attempt `attempts + 1`: base × 2^(attempts − 1), at most an hour. */
export function retryDelayMs(attempts: number, baseSeconds: number): number {
  return Math.min(MAX_DELAY_MS, baseSeconds * 1000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Sends what the outbox holds: claims due messages, hands each to SMTP, and records the outcome
 * with its audit entry in one transaction. A refusal or a dropped connection puts the message back
 * with a longer wait; after MAIL_MAX_ATTEMPTS it is kept as failed. Polls, and is woken when a
 * message is queued.
 */
@Injectable()
export class OutboxWorker implements BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxWorker.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxRepository,
    private readonly transport: MailTransport,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Starts sending (the server process only, when SMTP is configured). */
  start(): void {
    if (!this.transport.configured || this.timer) return;
    this.timer = setInterval(() => this.wake(), this.config.mail.pollSeconds * 1000);
    this.timer.unref();
    this.wake();
  }

  /** Sends what is due soon; a call while sending makes it look again when done. */
  wake(): void {
    if (this.stopped || !this.timer) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .then(() => undefined)
      .catch((err: Error) => this.logger.warn(`Outbox: ${err.message}`))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Sends every message due now; resolves when none is left (tests call it directly). */
  async drain(now = () => new Date()): Promise<number> {
    let sent = 0;
    for (;;) {
      if (this.stopped) return sent;
      const batch = await this.outbox.claim(BATCH, LEASE_SECONDS, now());
      if (batch.length === 0) return sent;
      for (const message of batch) sent += (await this.deliver(message)) ? 1 : 0;
    }
  }

  private async deliver(message: OutboxMessage): Promise<boolean> {
    try {
      const messageId = await this.transport.send(message);
      await this.dataSource.transaction(async (em) => {
        await this.outbox.markSent(em, message.id, messageId, new Date());
        await this.audit.record({ actor: null, action: 'email.sent', target: { type: 'email', id: message.id }, details: { kind: message.kind, userId: message.userId, attempts: message.attempts } }, em);
      });
      return true;
    } catch (err) {
      await this.recordFailure(message, (err as Error).message || String(err));
      return false;
    }
  }

  private async recordFailure(message: OutboxMessage, error: string): Promise<void> {
    const givingUp = message.attempts >= this.config.mail.maxAttempts;
    const retryAt = givingUp ? null : new Date(Date.now() + retryDelayMs(message.attempts, this.config.mail.retryBaseSeconds));
    await this.dataSource.transaction(async (em) => {
      await this.outbox.markFailed(em, message.id, error, retryAt);
      await this.audit.record(
        { actor: null, action: givingUp ? 'email.failed' : 'email.retry', target: { type: 'email', id: message.id }, details: { kind: message.kind, userId: message.userId, attempts: message.attempts, error: error.slice(0, 300), retryAt: retryAt?.toISOString() ?? null } },
        em,
      );
    });
    if (retryAt) setTimeout(() => this.wake(), retryAt.getTime() - Date.now() + 10).unref();
    else this.logger.warn(`Email ${message.id} (${message.kind}) failed after ${message.attempts} attempts: ${error}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
    this.transport.close();
  }
}
