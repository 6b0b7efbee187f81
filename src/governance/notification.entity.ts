import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum NotificationKind {
  ApprovalPending = 'approval_pending',
  RequestDecided = 'request_decided',
  GrantRevoked = 'grant_revoked',
  GrantExpiring = 'grant_expiring',
  AgreementReviewDue = 'agreement_review_due',
  AgreementExpiring = 'agreement_expiring',
  /** An agreement reached its end date: it is ended and the grants under it with it. */
  AgreementEnded = 'agreement_ended',
  LoadFailed = 'load_failed',
  LoadRowsRejected = 'load_rows_rejected',
  FeedOverdue = 'feed_overdue',
  EmergingTrend = 'emerging_trend',
  ViewAlert = 'view_alert',
  BoardPackReady = 'board_pack_ready',
  /** An ASB case review step is due soon, or overdue (src/case-review). */
  CaseReviewDue = 'case_review_due',
  CaseReviewOverdue = 'case_review_overdue',
  /** Something happened in a case review the user takes part in. */
  CaseReviewUpdate = 'case_review_update',
}

/** One in-app notice for one user, read or unread. */
@Entity({ name: 'notifications' })
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'text' })
  kind: NotificationKind;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', default: '' })
  body: string;

  @Column({ name: 'target_type', type: 'text', nullable: true })
  targetType: string | null;

  @Column({ name: 'target_id', type: 'text', nullable: true })
  targetId: string | null;

  /** Stops a repeated sweep from notifying the same thing twice (unique per user). */
  @Column({ name: 'dedupe_key', type: 'text', nullable: true })
  dedupeKey: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;

  /** When it went out by email, alone or in a digest; null while it waits for a digest (or email is off). */
  @Column({ name: 'emailed_at', type: 'timestamptz', nullable: true })
  emailedAt: Date | null;
}
