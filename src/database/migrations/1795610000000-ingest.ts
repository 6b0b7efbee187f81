import { MigrationInterface, QueryRunner } from 'typeorm';

/** Feeds (a dataset's sources) and loads (one run of one file). */
export class Ingest1795610000000 implements MigrationInterface {
  name = 'Ingest1795610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE feeds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL UNIQUE,
        title text NOT NULL,
        dataset_id uuid NOT NULL REFERENCES datasets(id),
        adapter text NOT NULL,
        mapping jsonb,
        policy text NOT NULL CHECK (policy IN ('append', 'replace-month', 'upsert-by-key')),
        inbox_dir text,
        schedule text,
        builtin boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX feeds_dataset_idx ON feeds (dataset_id)`);
    await q.query(`
      CREATE TABLE loads (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        feed_id uuid NOT NULL REFERENCES feeds(id),
        dataset_id uuid NOT NULL REFERENCES datasets(id),
        file_name text NOT NULL,
        stored_path text,
        sha256 text,
        size_bytes bigint NOT NULL DEFAULT 0,
        source text NOT NULL,
        operator_id uuid REFERENCES users(id),
        operator_email text,
        operator_organisation_id uuid,
        status text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'rolled_back', 'duplicate')),
        rows_read bigint NOT NULL DEFAULT 0,
        rows_loaded bigint NOT NULL DEFAULT 0,
        rows_rejected bigint NOT NULL DEFAULT 0,
        rows_replaced bigint NOT NULL DEFAULT 0,
        progress jsonb NOT NULL,
        error_code text,
        error text,
        duplicate_of uuid REFERENCES loads(id),
        queued_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        rolled_back_at timestamptz,
        rolled_back_by uuid REFERENCES users(id)
      )`);
    await q.query(`CREATE INDEX loads_feed_idx ON loads (feed_id, queued_at DESC)`);
    await q.query(`CREATE INDEX loads_status_idx ON loads (status)`);
    // One published copy of a file per dataset: a second succeeded load of the same bytes is impossible.
    await q.query(`CREATE UNIQUE INDEX loads_published_file_idx ON loads (dataset_id, sha256) WHERE status = 'succeeded'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE loads`);
    await q.query(`DROP TABLE feeds`);
  }
}
