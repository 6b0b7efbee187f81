import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partial approval (docs/governance.md): an approver may give a lower level, fewer areas or an
 * earlier end than the request asked. Each decision keeps what it gave; null means as asked.
 */
export class PartialApproval1796600000000 implements MigrationInterface {
  name = 'PartialApproval1796600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE access_request_decisions ADD COLUMN granted_level text CHECK (granted_level IN ('aggregate', 'record', 'identifiable'))`);
    await q.query(`ALTER TABLE access_request_decisions ADD COLUMN granted_areas text[]`);
    await q.query(`ALTER TABLE access_request_decisions ADD COLUMN granted_until timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE access_request_decisions DROP COLUMN granted_until`);
    await q.query(`ALTER TABLE access_request_decisions DROP COLUMN granted_areas`);
    await q.query(`ALTER TABLE access_request_decisions DROP COLUMN granted_level`);
  }
}
