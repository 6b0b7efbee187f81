import { MigrationInterface, QueryRunner } from 'typeorm';

/** Access grants: who may use which dataset, at which level, in which areas, until when. */
export class AccessGrants1795604417000 implements MigrationInterface {
  name = 'AccessGrants1795604417000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE access_grants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dataset_id uuid NOT NULL REFERENCES datasets(id),
        grantee_organisation_id uuid REFERENCES organisations(id),
        grantee_user_id uuid REFERENCES users(id),
        level text NOT NULL CHECK (level IN ('aggregate', 'record', 'identifiable')),
        areas text[] NOT NULL CHECK (cardinality(areas) > 0),
        purpose text NOT NULL DEFAULT '',
        starts_at timestamptz NOT NULL DEFAULT now(),
        ends_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text,
        revoked_by uuid REFERENCES users(id),
        created_by uuid REFERENCES users(id),
        approvals jsonb,
        agreement_id uuid,
        last_used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT access_grants_grantee CHECK (grantee_organisation_id IS NOT NULL OR grantee_user_id IS NOT NULL),
        CONSTRAINT access_grants_period CHECK (ends_at > starts_at)
      )`);
    await q.query(`CREATE INDEX access_grants_dataset_idx ON access_grants (dataset_id)`);
    await q.query(`CREATE INDEX access_grants_org_idx ON access_grants (grantee_organisation_id) WHERE revoked_at IS NULL`);
    await q.query(`CREATE INDEX access_grants_user_idx ON access_grants (grantee_user_id) WHERE revoked_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE access_grants`);
  }
}
