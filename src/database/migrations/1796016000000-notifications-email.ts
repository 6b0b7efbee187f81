import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Email and scheduling: the durable outbox, each user's email choices, the scheduled-job table
 * (run once across hub processes), feeds' expected delivery schedule, subscriptions to saved views
 * and dashboards, and threshold alerts on saved views.
 */
export class NotificationsEmail1796016000000 implements MigrationInterface {
  name = 'NotificationsEmail1796016000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE email_outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid REFERENCES users(id),
        to_address text NOT NULL,
        kind text NOT NULL,
        subject text NOT NULL,
        text_body text NOT NULL,
        html_body text NOT NULL,
        attachments jsonb NOT NULL DEFAULT '[]',
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        lease_until timestamptz,
        last_error text,
        message_id text,
        dedupe_key text UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await q.query(`CREATE INDEX email_outbox_due_idx ON email_outbox (next_attempt_at) WHERE status IN ('pending', 'sending')`);
    await q.query(`
      CREATE TABLE email_preferences (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind text NOT NULL,
        delivery text NOT NULL CHECK (delivery IN ('off', 'immediate', 'digest')),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, kind)
      )`);
    await q.query(`ALTER TABLE notifications ADD COLUMN emailed_at timestamptz`);
    // Notices written before email existed are not news by email.
    await q.query(`UPDATE notifications SET emailed_at = created_at`);
    await q.query(`CREATE INDEX notifications_unemailed_idx ON notifications (user_id) WHERE emailed_at IS NULL`);
    await q.query(`
      CREATE TABLE scheduled_jobs (
        name text PRIMARY KEY,
        cron text NOT NULL,
        next_run_at timestamptz NOT NULL,
        lease_until timestamptz,
        running_by text,
        last_started_at timestamptz,
        last_finished_at timestamptz,
        last_error text,
        failures integer NOT NULL DEFAULT 0
      )`);
    await q.query(`ALTER TABLE feeds ADD COLUMN expected_every text CHECK (expected_every IN ('weekly', 'monthly'))`);
    await q.query(`ALTER TABLE feeds ADD COLUMN expected_by_day integer CHECK (expected_by_day BETWEEN 1 AND 28)`);
    await q.query(`
      CREATE TABLE subscriptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        target_type text NOT NULL CHECK (target_type IN ('view', 'dashboard')),
        target_id uuid NOT NULL,
        frequency text NOT NULL CHECK (frequency IN ('weekly', 'monthly')),
        next_send_at timestamptz NOT NULL,
        last_sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT subscriptions_once UNIQUE (user_id, target_type, target_id)
      )`);
    await q.query(`
      CREATE TABLE view_alerts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        view_id uuid NOT NULL REFERENCES saved_views(id) ON DELETE CASCADE,
        rule text NOT NULL CHECK (rule IN ('exceeds', 'unusual')),
        threshold integer CHECK (threshold IS NULL OR threshold > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT view_alerts_threshold CHECK ((rule = 'exceeds') = (threshold IS NOT NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE view_alerts`);
    await q.query(`DROP TABLE subscriptions`);
    await q.query(`ALTER TABLE feeds DROP COLUMN expected_by_day`);
    await q.query(`ALTER TABLE feeds DROP COLUMN expected_every`);
    await q.query(`DROP TABLE scheduled_jobs`);
    await q.query(`ALTER TABLE notifications DROP COLUMN emailed_at`);
    await q.query(`DROP TABLE email_preferences`);
    await q.query(`DROP TABLE email_outbox`);
  }
}
