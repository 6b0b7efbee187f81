import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One browser's trip to its organisation's provider and back. The browser holds a random key in
 * an HttpOnly cookie; only its hash is stored, so the state, nonce and PKCE verifier belong to
 * that browser alone and cannot be replayed from another (login CSRF).
 */
@Entity({ name: 'sso_attempts' })
export class SsoAttempt {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'browser_key_hash', type: 'text' })
  browserKeyHash: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @Column({ type: 'text' })
  state: string;

  @Column({ type: 'text' })
  nonce: string;

  @Column({ name: 'code_verifier', type: 'text' })
  codeVerifier: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  /** Set once the provider's answer has been checked: who signed in. */
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  /** Hash of the one-time code the browser exchanges for its hub session. */
  @Column({ name: 'handoff_hash', type: 'text', nullable: true })
  handoffHash: string | null;

  @Column({ name: 'consumed_at', type: 'timestamptz', nullable: true })
  consumedAt: Date | null;
}
