import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from '../auth/role.js';

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';
/** `hub`: roles are assigned in the hub; `claim`: they follow a groups/roles claim through `roleMap`. */
export type RoleMapping = 'hub' | 'claim';

/** A partner organisation's own OpenID Connect provider (at most one per organisation). */
@Entity({ name: 'identity_providers' })
export class IdentityProvider {
  @PrimaryColumn({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @Column({ type: 'boolean', default: false })
  enabled: boolean;

  /** Issuer identifier; discovery reads `<issuer>/.well-known/openid-configuration`. */
  @Column({ type: 'text' })
  issuer: string;

  @Column({ name: 'client_id', type: 'text' })
  clientId: string;

  @Column({ name: 'client_auth', type: 'text' })
  clientAuth: ClientAuthMethod;

  /** Sealed with SecretBox; never returned by the API. */
  @Column({ name: 'client_secret_sealed', type: 'text', nullable: true })
  clientSecretSealed: string | null;

  /** A private JWK (JSON) for private_key_jwt, sealed with SecretBox. */
  @Column({ name: 'private_key_sealed', type: 'text', nullable: true })
  privateKeySealed: string | null;

  @Column({ type: 'text', default: 'openid email profile' })
  scopes: string;

  /** Lower-case email domains allowed to sign in through this provider. */
  @Column({ name: 'allowed_domains', type: 'text', array: true, default: '{}' })
  allowedDomains: string[];

  @Column({ name: 'role_mapping', type: 'text', default: 'hub' })
  roleMapping: RoleMapping;

  /** Claim holding groups or roles, e.g. `groups` or `roles`. */
  @Column({ name: 'roles_claim', type: 'text', nullable: true })
  rolesClaim: string | null;

  /** Claim value → hub role. */
  @Column({ name: 'role_map', type: 'jsonb', default: {} })
  roleMap: Record<string, Role>;

  /** First sign-in from an allowed domain creates an account (with no data access under `hub` mapping). */
  @Column({ name: 'auto_create', type: 'boolean', default: false })
  autoCreate: boolean;

  /** False: the organisation's users may not sign in with a hub password. */
  @Column({ name: 'local_passwords', type: 'boolean', default: true })
  localPasswords: boolean;

  @Column({ name: 'clock_tolerance_seconds', type: 'integer', default: 60 })
  clockToleranceSeconds: number;

  /** Why the last sign-in or connection test failed, for the administrator. */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'last_error_at', type: 'timestamptz', nullable: true })
  lastErrorAt: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
