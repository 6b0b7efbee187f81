import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A query token's ceiling: the most it may ever see of its dataset (counts only, rows without
 * personal data), below its creator's own level; null means up to the creator's level.
 */
export class ApiTokenCeiling1796200000000 implements MigrationInterface {
  name = 'ApiTokenCeiling1796200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_tokens ADD COLUMN max_level text CHECK (max_level IN ('aggregate', 'record', 'identifiable'))`);
    await q.query(`ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_level_for_queries CHECK (max_level IS NULL OR kind = 'dataset_query')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_level_for_queries`);
    await q.query(`ALTER TABLE api_tokens DROP COLUMN max_level`);
  }
}
