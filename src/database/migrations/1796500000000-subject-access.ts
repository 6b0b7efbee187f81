import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Subject access and erasure (docs/subject-access.md): each erasure with its reason and counts,
 * and the erasure register the load pipeline reads so that an erased record never comes back on
 * a reload. The register holds a keyed hash of each record's natural key, never personal data.
 */
export class SubjectAccess1796500000000 implements MigrationInterface {
  name = 'SubjectAccess1796500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE erasures (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      dataset_id uuid NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
      reason text NOT NULL CHECK (length(trim(reason)) >= 10),
      erased_by uuid,
      erased_by_email text,
      records integer NOT NULL,
      rows_deleted integer NOT NULL,
      archived_rows_deleted integer NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE erased_records (
      dataset_id uuid NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
      key_hash char(64) NOT NULL,
      erasure_id uuid NOT NULL REFERENCES erasures(id) ON DELETE CASCADE,
      PRIMARY KEY (dataset_id, key_hash)
    )`);
    await q.query(`ALTER TABLE loads ADD COLUMN rows_erased bigint NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE loads DROP COLUMN rows_erased`);
    await q.query(`DROP TABLE erased_records`);
    await q.query(`DROP TABLE erasures`);
  }
}
