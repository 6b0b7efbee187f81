import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { EmailDelivery } from './notification-email.js';

/** One user's choice for one kind of notice; a kind without a row takes its default (notification-email.ts). */
@Entity({ name: 'email_preferences' })
export class EmailPreference {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @PrimaryColumn({ type: 'text' })
  kind: string;

  @Column({ type: 'text' })
  delivery: EmailDelivery;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
