import { MigrationInterface, QueryRunner } from 'typeorm';

/** The dataset catalogue shared by ingest and query. */
export class Datasets1795507200000 implements MigrationInterface {
  name = 'Datasets1795507200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE datasets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL UNIQUE,
        title text NOT NULL,
        description text NOT NULL DEFAULT '',
        owner_organisation_id uuid NOT NULL REFERENCES organisations(id),
        kind text NOT NULL,
        sensitivity text NOT NULL CHECK (sensitivity IN ('OFFICIAL', 'OFFICIAL-SENSITIVE')),
        lawful_basis text NOT NULL,
        columns jsonb NOT NULL,
        duckdb_table text NOT NULL UNIQUE,
        row_count bigint NOT NULL DEFAULT 0,
        min_month date,
        max_month date,
        last_loaded_at timestamptz,
        version integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX datasets_owner_idx ON datasets (owner_organisation_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE datasets`);
  }
}
