import { MigrationInterface, QueryRunner } from 'typeorm';

/** Saved views and dashboards, each owned by a user and shared privately, with an organisation or named users. */
export class Views1795800000000 implements MigrationInterface {
  name = 'Views1795800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE saved_views (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL REFERENCES users(id),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        title text NOT NULL,
        description text NOT NULL DEFAULT '',
        query jsonb NOT NULL,
        chart jsonb NOT NULL,
        sharing text NOT NULL CHECK (sharing IN ('private', 'organisation', 'users')),
        shared_with uuid[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX saved_views_owner_idx ON saved_views (owner_id)`);
    await q.query(`CREATE INDEX saved_views_organisation_idx ON saved_views (organisation_id) WHERE sharing = 'organisation'`);
    await q.query(`
      CREATE TABLE dashboards (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL REFERENCES users(id),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        title text NOT NULL,
        description text NOT NULL DEFAULT '',
        layout jsonb NOT NULL,
        view_ids uuid[] NOT NULL DEFAULT '{}',
        sharing text NOT NULL CHECK (sharing IN ('private', 'organisation', 'users')),
        shared_with uuid[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX dashboards_owner_idx ON dashboards (owner_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dashboards`);
    await q.query(`DROP TABLE saved_views`);
  }
}
