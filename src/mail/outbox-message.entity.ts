import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed';

/** A file sent with a message; `cid` makes it an inline image the HTML shows. */
export interface OutboxAttachment {
  filename: string;
  contentType: string;
  /** Base64. */
  content: string;
  cid?: string;
}

/** One email, queued durably before it is sent and kept after (sent or given up on). */
@Entity({ name: 'email_outbox' })
export class OutboxMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ name: 'to_address', type: 'text' })
  toAddress: string;

  /** What it is about: a notification kind, `digest`, `subscription`, `board_pack`. */
  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text' })
  subject: string;

  @Column({ name: 'text_body', type: 'text' })
  textBody: string;

  @Column({ name: 'html_body', type: 'text' })
  htmlBody: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  attachments: OutboxAttachment[];

  @Column({ type: 'text', default: 'pending' })
  status: OutboxStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz' })
  nextAttemptAt: Date;

  /** While one process is sending it; a message whose lease ran out (the sender died) is sent again. */
  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  /** The SMTP server's Message-ID once accepted. */
  @Column({ name: 'message_id', type: 'text', nullable: true })
  messageId: string | null;

  /** Stops the same message being queued twice (e.g. one subscription email per period). */
  @Column({ name: 'dedupe_key', type: 'text', nullable: true })
  dedupeKey: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}

export type NewOutboxMessage = Pick<OutboxMessage, 'userId' | 'toAddress' | 'kind' | 'subject' | 'textBody' | 'htmlBody'> & {
  attachments?: OutboxAttachment[];
  dedupeKey?: string | null;
};
