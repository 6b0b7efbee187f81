import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Failed sign-ins per account key (the normalised email, whether or not such a user exists),
 * so that a lockout reveals nothing about which emails are registered.
 */
@Entity({ name: 'sign_in_throttle' })
export class SignInThrottle {
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'integer', default: 0 })
  failures: number;

  @Column({ name: 'first_failure_at', type: 'timestamptz' })
  firstFailureAt: Date;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;
}
