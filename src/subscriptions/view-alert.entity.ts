import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** `exceeds`: the month's count is above a fixed number; `unusual`: above its usual range (the emerging-trend test). */
export type AlertRule = 'exceeds' | 'unusual';

/** A user's alert on a saved view's monthly count. */
@Entity({ name: 'view_alerts' })
export class ViewAlert {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'view_id', type: 'uuid' })
  viewId: string;

  @Column({ type: 'text' })
  rule: AlertRule;

  /** For `exceeds`: fire when the month's count is above this. */
  @Column({ type: 'integer', nullable: true })
  threshold: number | null;

  @Column({ name: 'last_checked_at', type: 'timestamptz', nullable: true })
  lastCheckedAt: Date | null;

  /** The month (YYYY-MM) it last fired for: it fires at most once per month. */
  @Column({ name: 'last_fired_month', type: 'text', nullable: true })
  lastFiredMonth: string | null;

  /** What the last check found: `fired`, `quiet`, `no_data`, `no_access`, `refused:<code>`. */
  @Column({ name: 'last_outcome', type: 'text', nullable: true })
  lastOutcome: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
