import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AccessLevel } from '../access/access-level.js';

/** The two kinds of token: one feed's uploads and load reports, or read-only questions of one dataset. */
export type ApiTokenKind = 'feed_upload' | 'dataset_query';
export const API_TOKEN_KINDS: readonly ApiTokenKind[] = ['feed_upload', 'dataset_query'];

/**
 * A scoped API token. Only the SHA-256 of its secret is kept (see docs/decisions.md); `prefix` is
 * the secret's first characters, enough for a person to recognise it and useless to an attacker.
 */
@Entity({ name: 'api_tokens' })
export class ApiToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  kind: ApiTokenKind;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'token_hash', type: 'text', unique: true })
  tokenHash: string;

  @Column({ type: 'text' })
  prefix: string;

  @Column({ name: 'creator_id', type: 'uuid' })
  creatorId: string;

  @Column({ name: 'feed_id', type: 'uuid', nullable: true })
  feedId: string | null;

  @Column({ name: 'dataset_id', type: 'uuid', nullable: true })
  datasetId: string | null;

  /** A query token's ceiling (counts only, rows without personal data); null: up to its creator's level. */
  @Column({ name: 'max_level', type: 'text', nullable: true })
  maxLevel: AccessLevel | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'revoked_by', type: 'uuid', nullable: true })
  revokedBy: string | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Column({ name: 'last_used_address', type: 'text', nullable: true })
  lastUsedAddress: string | null;
}
