import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Subscriptions and threshold alerts at work (what the last send or check found, the month an alert
 * last fired), and the IMB board packs kept for download.
 */
export class AlertsAndBoardPacks1796400000000 implements MigrationInterface {
  name = 'AlertsAndBoardPacks1796400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE subscriptions ADD COLUMN last_outcome text`);
    await q.query(`CREATE INDEX subscriptions_due_idx ON subscriptions (next_send_at)`);
    await q.query(`ALTER TABLE view_alerts ADD COLUMN last_checked_at timestamptz`);
    await q.query(`ALTER TABLE view_alerts ADD COLUMN last_fired_month text`);
    await q.query(`ALTER TABLE view_alerts ADD COLUMN last_outcome text`);
    await q.query(`CREATE INDEX view_alerts_user_idx ON view_alerts (user_id)`);
    await q.query(`
      CREATE TABLE board_packs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        quarter text NOT NULL,
        prepared_for uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        requested_by uuid REFERENCES users(id) ON DELETE SET NULL,
        trigger text NOT NULL CHECK (trigger IN ('on_demand', 'schedule')),
        pdf bytea NOT NULL,
        pages integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One scheduled pack per member per quarter, however many processes or repeated runs.
    await q.query(`CREATE UNIQUE INDEX board_packs_scheduled_once ON board_packs (quarter, prepared_for) WHERE trigger = 'schedule'`);
    await q.query(`CREATE INDEX board_packs_reader_idx ON board_packs (prepared_for, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE board_packs`);
    await q.query(`DROP INDEX view_alerts_user_idx`);
    await q.query(`ALTER TABLE view_alerts DROP COLUMN last_outcome`);
    await q.query(`ALTER TABLE view_alerts DROP COLUMN last_fired_month`);
    await q.query(`ALTER TABLE view_alerts DROP COLUMN last_checked_at`);
    await q.query(`DROP INDEX subscriptions_due_idx`);
    await q.query(`ALTER TABLE subscriptions DROP COLUMN last_outcome`);
  }
}
