import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The question budget's spend as one call (docs/disclosure-control.md): take the organisation's
 * lock for the dataset and day, count its questions, and record a new one under the limit. Each
 * statement of a function sees what committed before it ran, so the count after the lock includes a
 * question another account recorded while this one waited. One round trip instead of five.
 */
export class DisclosureSpend1796700000000 implements MigrationInterface {
  name = 'DisclosureSpend1796700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION disclosure_spend(p_lock text, p_organisation uuid, p_dataset uuid, p_day date, p_fingerprint text, p_shape text, p_user uuid, p_limit integer)
      RETURNS TABLE (outcome text, used bigint)
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        n bigint;
        seen boolean;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtextextended(p_lock, 0));
        SELECT count(*), coalesce(bool_or(d.fingerprint = p_fingerprint), false) INTO n, seen
          FROM disclosure_questions d WHERE d.organisation_id = p_organisation AND d.dataset_id = p_dataset AND d.day = p_day;
        IF seen THEN
          RETURN QUERY SELECT 'repeat'::text, n;
        ELSIF n >= p_limit THEN
          RETURN QUERY SELECT 'refused'::text, n;
        ELSE
          INSERT INTO disclosure_questions (organisation_id, dataset_id, day, fingerprint, shape, user_id) VALUES (p_organisation, p_dataset, p_day, p_fingerprint, p_shape, p_user);
          RETURN QUERY SELECT 'new'::text, n + 1;
        END IF;
      END
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION disclosure_spend(text, uuid, uuid, date, text, text, uuid, integer)`);
  }
}
