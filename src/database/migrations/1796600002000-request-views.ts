import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When each possible decider first opened an access request (docs/governance.md), so the IMB can
 * see whether the data owner has looked at it before deciding, and the other way round.
 */
export class RequestViews1796600002000 implements MigrationInterface {
  name = 'RequestViews1796600002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE access_request_views (
      request_id uuid NOT NULL REFERENCES access_requests(id) ON DELETE CASCADE,
      user_id uuid NOT NULL,
      user_email text NOT NULL,
      capacity text NOT NULL CHECK (capacity IN ('data_owner', 'imb')),
      first_seen_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (request_id, user_id)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE access_request_views`);
  }
}
