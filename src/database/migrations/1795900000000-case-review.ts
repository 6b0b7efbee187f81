import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ASB case review (Community Trigger): cases with sealed personal details, members, and
 * recommendations and actions. Case pack access rests on ordinary access requests and grants,
 * marked with the case they serve; such a grant names no grantee (the review's members are).
 */
export class CaseReview1795900000000 implements MigrationInterface {
  name = 'CaseReview1795900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE case_review_reference_seq`);
    await q.query(`
      CREATE TABLE case_reviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference text NOT NULL UNIQUE,
        district_code text NOT NULL,
        status text NOT NULL CHECK (status IN ('received', 'threshold_not_met', 'threshold_met', 'review_open', 'review_held', 'closed')),
        channel text NOT NULL CHECK (channel IN ('phone', 'form', 'letter', 'email', 'in_person')),
        received_on date NOT NULL,
        on_behalf boolean NOT NULL,
        hate_incident boolean NOT NULL,
        vulnerable_victim boolean NOT NULL,
        subject_key text,
        place_key text,
        personal_details text NOT NULL,
        recorded_by uuid NOT NULL REFERENCES users(id),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        threshold_check jsonb,
        decision text CHECK (decision IN ('met', 'not_met')),
        decision_reasons text,
        decided_by uuid REFERENCES users(id),
        decided_on date,
        applicant_told_on date,
        agency_ids uuid[] NOT NULL DEFAULT '{}',
        review_held_on date,
        outcome text,
        responded_on date,
        closed_at timestamptz,
        appeal_requested_on date,
        appeal_outcome text,
        appeal_decided_on date,
        decide_by date NOT NULL,
        hold_by date,
        respond_by date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_reviews_district_idx ON case_reviews (district_code, received_on)`);
    await q.query(`
      CREATE TABLE case_review_members (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_review_id uuid NOT NULL REFERENCES case_reviews(id),
        user_id uuid NOT NULL REFERENCES users(id),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        role text NOT NULL CHECK (role IN ('chair', 'member')),
        added_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT case_review_members_once UNIQUE (case_review_id, user_id)
      )`);
    await q.query(`
      CREATE TABLE case_review_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_review_id uuid NOT NULL REFERENCES case_reviews(id),
        kind text NOT NULL CHECK (kind IN ('recommendation', 'action')),
        text text NOT NULL,
        owner_organisation_id uuid REFERENCES organisations(id),
        due_on date,
        done_on date,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT case_review_items_action CHECK (kind = 'recommendation' OR (owner_organisation_id IS NOT NULL AND due_on IS NOT NULL))
      )`);
    await q.query(`ALTER TABLE access_requests ADD COLUMN case_review_id uuid REFERENCES case_reviews(id)`);
    await q.query(`ALTER TABLE access_grants ADD COLUMN case_review_id uuid REFERENCES case_reviews(id)`);
    await q.query(`ALTER TABLE access_grants DROP CONSTRAINT access_grants_grantee`);
    await q.query(
      `ALTER TABLE access_grants ADD CONSTRAINT access_grants_grantee CHECK (grantee_organisation_id IS NOT NULL OR grantee_user_id IS NOT NULL OR case_review_id IS NOT NULL)`,
    );
    await q.query(`CREATE INDEX access_grants_case_review_idx ON access_grants (case_review_id) WHERE case_review_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM access_grants WHERE case_review_id IS NOT NULL AND grantee_organisation_id IS NULL AND grantee_user_id IS NULL`);
    await q.query(`ALTER TABLE access_grants DROP CONSTRAINT access_grants_grantee`);
    await q.query(`ALTER TABLE access_grants ADD CONSTRAINT access_grants_grantee CHECK (grantee_organisation_id IS NOT NULL OR grantee_user_id IS NOT NULL)`);
    await q.query(`ALTER TABLE access_grants DROP COLUMN case_review_id`);
    await q.query(`ALTER TABLE access_requests DROP COLUMN case_review_id`);
    await q.query(`DROP TABLE case_review_items`);
    await q.query(`DROP TABLE case_review_members`);
    await q.query(`DROP TABLE case_reviews`);
    await q.query(`DROP SEQUENCE case_review_reference_seq`);
  }
}
