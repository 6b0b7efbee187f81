import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type SubscriptionTarget = 'view' | 'dashboard';
export type SubscriptionFrequency = 'weekly' | 'monthly';

/** A user's standing order for a saved view's or dashboard's charts by email. */
@Entity({ name: 'subscriptions' })
export class Subscription {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'target_type', type: 'text' })
  targetType: SubscriptionTarget;

  @Column({ name: 'target_id', type: 'uuid' })
  targetId: string;

  @Column({ type: 'text' })
  frequency: SubscriptionFrequency;

  /** The start of the next period to send; the scheduled job sends what is due and moves it on. */
  @Column({ name: 'next_send_at', type: 'timestamptz' })
  nextSendAt: Date;

  @Column({ name: 'last_sent_at', type: 'timestamptz', nullable: true })
  lastSentAt: Date | null;

  /** What the last due run did: `sent`, or why nothing went (`no_access`, `gone`, `no_charts`, `refused:<code>`). */
  @Column({ name: 'last_outcome', type: 'text', nullable: true })
  lastOutcome: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
