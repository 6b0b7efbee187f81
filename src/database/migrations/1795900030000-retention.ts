import { MigrationInterface, QueryRunner } from 'typeorm';

/** A retention period per dataset (months; empty = kept until changed), from its sharing agreement. */
export class Retention1795900030000 implements MigrationInterface {
  name = 'Retention1795900030000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE datasets ADD COLUMN retention_months integer CHECK (retention_months BETWEEN 1 AND 1200)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE datasets DROP COLUMN retention_months`);
  }
}
