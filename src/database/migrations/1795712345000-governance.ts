import { MigrationInterface, QueryRunner } from 'typeorm';

/** Access governance: sharing agreements, access requests and decisions, in-app notifications. */
export class Governance1795712345000 implements MigrationInterface {
  name = 'Governance1795712345000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sharing_agreements (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title text NOT NULL,
        purpose text NOT NULL,
        lawful_basis text NOT NULL,
        party_organisation_ids uuid[] NOT NULL CHECK (cardinality(party_organisation_ids) > 0),
        dataset_ids uuid[] NOT NULL,
        starts_at timestamptz NOT NULL,
        review_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('draft', 'active', 'suspended', 'ended')),
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT sharing_agreements_period CHECK (ends_at > starts_at)
      )`);
    await q.query(`
      ALTER TABLE access_grants
        ADD CONSTRAINT access_grants_agreement_fk FOREIGN KEY (agreement_id) REFERENCES sharing_agreements(id)`);
    await q.query(`CREATE INDEX access_grants_agreement_idx ON access_grants (agreement_id)`);
    await q.query(`
      CREATE TABLE access_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        requester_id uuid NOT NULL REFERENCES users(id),
        requester_organisation_id uuid NOT NULL REFERENCES organisations(id),
        dataset_id uuid NOT NULL REFERENCES datasets(id),
        agreement_id uuid NOT NULL REFERENCES sharing_agreements(id),
        level text NOT NULL CHECK (level IN ('aggregate', 'record', 'identifiable')),
        areas text[] NOT NULL CHECK (cardinality(areas) > 0),
        purpose text NOT NULL,
        requested_until timestamptz NOT NULL,
        approval_rule text NOT NULL CHECK (approval_rule IN ('either', 'both', 'data_owner', 'imb')),
        status text NOT NULL CHECK (status IN ('pending', 'approved', 'refused', 'withdrawn')),
        grant_id uuid REFERENCES access_grants(id),
        decided_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX access_requests_pending_idx ON access_requests (dataset_id) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX access_requests_requester_idx ON access_requests (requester_id)`);
    await q.query(`
      CREATE TABLE access_request_decisions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL REFERENCES access_requests(id),
        decider_id uuid NOT NULL REFERENCES users(id),
        decider_email text NOT NULL,
        capacity text NOT NULL CHECK (capacity IN ('data_owner', 'imb')),
        outcome text NOT NULL CHECK (outcome IN ('approved', 'refused')),
        note text NOT NULL DEFAULT '',
        decided_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT access_request_decisions_once UNIQUE (request_id, decider_id)
      )`);
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        kind text NOT NULL,
        title text NOT NULL,
        body text NOT NULL DEFAULT '',
        target_type text,
        target_id text,
        dedupe_key text,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        CONSTRAINT notifications_dedupe UNIQUE (user_id, dedupe_key)
      )`);
    await q.query(`CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifications`);
    await q.query(`DROP TABLE access_request_decisions`);
    await q.query(`DROP TABLE access_requests`);
    await q.query(`DROP INDEX access_grants_agreement_idx`);
    await q.query(`ALTER TABLE access_grants DROP CONSTRAINT access_grants_agreement_fk`);
    await q.query(`DROP TABLE sharing_agreements`);
  }
}
