import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Load previews and coverage (docs/etl.md): a load may stop before publishing, showing what it
 * would change, until an operator publishes or discards it; every load records the months and
 * areas it covered, and a feed may ask for a preview of every load.
 */
export class LoadPreview1796600001000 implements MigrationInterface {
  name = 'LoadPreview1796600001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE loads DROP CONSTRAINT IF EXISTS loads_status_check`);
    await q.query(
      `ALTER TABLE loads ADD CONSTRAINT loads_status_check CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'rolled_back', 'duplicate', 'awaiting_confirmation', 'discarded'))`,
    );
    await q.query(`ALTER TABLE loads ADD COLUMN preview boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE loads ADD COLUMN previewed_version integer`);
    await q.query(`ALTER TABLE loads ADD COLUMN coverage jsonb`);
    await q.query(`CREATE INDEX loads_queued_at_idx ON loads (queued_at DESC)`);
    await q.query(`ALTER TABLE feeds ADD COLUMN preview_before_publish boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE feeds DROP COLUMN preview_before_publish`);
    await q.query(`DROP INDEX loads_queued_at_idx`);
    await q.query(`ALTER TABLE loads DROP COLUMN coverage`);
    await q.query(`ALTER TABLE loads DROP COLUMN previewed_version`);
    await q.query(`ALTER TABLE loads DROP COLUMN preview`);
    await q.query(`UPDATE loads SET status = 'failed' WHERE status IN ('awaiting_confirmation', 'discarded')`);
    await q.query(`ALTER TABLE loads DROP CONSTRAINT loads_status_check`);
    await q.query(`ALTER TABLE loads ADD CONSTRAINT loads_status_check CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'rolled_back', 'duplicate'))`);
  }
}
