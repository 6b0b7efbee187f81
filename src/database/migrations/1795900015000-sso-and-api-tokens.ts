import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in with each partner's own OpenID Connect provider (one per organisation), the short-lived
 * sign-in attempts of the redirect flow, the provider's subject on each linked account, and scoped
 * API tokens for feeds and read-only queries.
 */
export class SsoAndApiTokens1795900015000 implements MigrationInterface {
  name = 'SsoAndApiTokens1795900015000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity_providers (
        organisation_id uuid PRIMARY KEY REFERENCES organisations(id),
        enabled boolean NOT NULL DEFAULT false,
        issuer text NOT NULL,
        client_id text NOT NULL,
        client_auth text NOT NULL CHECK (client_auth IN ('client_secret_basic', 'client_secret_post', 'private_key_jwt')),
        client_secret_sealed text,
        private_key_sealed text,
        scopes text NOT NULL DEFAULT 'openid email profile',
        allowed_domains text[] NOT NULL DEFAULT '{}',
        role_mapping text NOT NULL DEFAULT 'hub' CHECK (role_mapping IN ('hub', 'claim')),
        roles_claim text,
        role_map jsonb NOT NULL DEFAULT '{}',
        auto_create boolean NOT NULL DEFAULT false,
        local_passwords boolean NOT NULL DEFAULT true,
        clock_tolerance_seconds integer NOT NULL DEFAULT 60 CHECK (clock_tolerance_seconds BETWEEN 0 AND 600),
        last_error text,
        last_error_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE sso_attempts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        browser_key_hash text NOT NULL,
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        state text NOT NULL,
        nonce text NOT NULL,
        code_verifier text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        user_id uuid REFERENCES users(id),
        handoff_hash text,
        consumed_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX sso_attempts_browser_key_idx ON sso_attempts (browser_key_hash)`);
    await q.query(`CREATE INDEX sso_attempts_expires_idx ON sso_attempts (expires_at)`);
    await q.query(`ALTER TABLE users ADD COLUMN oidc_issuer text, ADD COLUMN oidc_subject text`);
    await q.query(`CREATE UNIQUE INDEX users_oidc_identity_idx ON users (oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL`);
    await q.query(`ALTER TABLE sessions ADD COLUMN sso_organisation_id uuid REFERENCES organisations(id)`);
    await q.query(`
      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('feed_upload', 'dataset_query')),
        name text NOT NULL,
        token_hash text NOT NULL UNIQUE,
        prefix text NOT NULL,
        creator_id uuid NOT NULL REFERENCES users(id),
        feed_id uuid REFERENCES feeds(id),
        dataset_id uuid REFERENCES datasets(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_by uuid REFERENCES users(id),
        last_used_at timestamptz,
        last_used_address text,
        CHECK ((kind = 'feed_upload' AND feed_id IS NOT NULL AND dataset_id IS NULL) OR (kind = 'dataset_query' AND dataset_id IS NOT NULL AND feed_id IS NULL))
      )`);
    await q.query(`CREATE INDEX api_tokens_creator_idx ON api_tokens (creator_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE api_tokens`);
    await q.query(`ALTER TABLE sessions DROP COLUMN sso_organisation_id`);
    await q.query(`DROP INDEX users_oidc_identity_idx`);
    await q.query(`ALTER TABLE users DROP COLUMN oidc_issuer, DROP COLUMN oidc_subject`);
    await q.query(`DROP TABLE sso_attempts`);
    await q.query(`DROP TABLE identity_providers`);
  }
}
