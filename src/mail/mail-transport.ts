import { Inject, Injectable } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import type { OutboxMessage } from './outbox-message.entity.js';

/** Hands messages to the configured SMTP server (nodemailer); absent when SMTP is not configured. */
@Injectable()
export class MailTransport {
  private readonly transporter: Transporter | null;
  readonly from: string | null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const smtp = config.mail.smtp;
    this.from = smtp?.from ?? null;
    this.transporter = smtp
      ? nodemailer.createTransport({
          host: smtp.host,
          port: smtp.port,
          secure: smtp.secure,
          requireTLS: smtp.requireTls,
          auth: smtp.user ? { user: smtp.user, pass: smtp.password } : undefined,
          // A server that stalls is a failed attempt, retried with backoff like a refusal.
          connectionTimeout: config.mail.timeoutSeconds * 1000,
          greetingTimeout: config.mail.timeoutSeconds * 1000,
          socketTimeout: config.mail.timeoutSeconds * 1000,
        })
      : null;
  }

  get configured(): boolean {
    return this.transporter !== null;
  }

  /** Sends one message; resolves with the server's Message-ID, rejects with its refusal. */
  async send(message: OutboxMessage): Promise<string | null> {
    if (!this.transporter) throw new Error('SMTP is not configured');
    const info = await this.transporter.sendMail({
      from: this.from!,
      to: message.toAddress,
      subject: message.subject,
      text: message.textBody,
      html: message.htmlBody,
      headers: { 'X-CSP-Hub-Kind': message.kind },
      attachments: message.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.content, 'base64'), cid: a.cid })),
    });
    return typeof info.messageId === 'string' ? info.messageId : null;
  }

  /** Closes pooled connections; the outbox worker calls it once its last send is done. */
  close(): void {
    this.transporter?.close();
  }
}
