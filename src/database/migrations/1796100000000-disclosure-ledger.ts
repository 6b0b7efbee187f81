import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The question ledger of aggregate-only access (docs/disclosure-control.md): each distinct
 * question an organisation asks of a protected dataset, once per day, with its shape so the IMB
 * can see many near-identical questions; and each dataset's own disclosure settings.
 */
export class DisclosureLedger1796100000000 implements MigrationInterface {
  name = 'DisclosureLedger1796100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE disclosure_questions (
      organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      dataset_id uuid NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
      day date NOT NULL,
      fingerprint char(64) NOT NULL,
      shape char(64) NOT NULL,
      user_id uuid,
      asked_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, dataset_id, day, fingerprint)
    )`);
    await q.query(`CREATE INDEX disclosure_questions_day ON disclosure_questions (day)`);
    await q.query(`ALTER TABLE datasets ADD COLUMN disclosure_threshold integer CHECK (disclosure_threshold BETWEEN 2 AND 11)`);
    await q.query(`ALTER TABLE datasets ADD COLUMN daily_question_budget integer CHECK (daily_question_budget BETWEEN 1 AND 100000)`);
    await q.query(`ALTER TABLE datasets ADD COLUMN open_data boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE datasets DROP COLUMN open_data`);
    await q.query(`ALTER TABLE datasets DROP COLUMN daily_question_budget`);
    await q.query(`ALTER TABLE datasets DROP COLUMN disclosure_threshold`);
    await q.query(`DROP TABLE disclosure_questions`);
  }
}
