import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface LedgerEntry {
  organisationId: string;
  datasetId: string;
  /** `YYYY-MM-DD`, the budget's day (Europe/London). */
  day: string;
  fingerprint: string;
  shape: string;
  userId: string;
}

export interface LedgerUsage {
  organisationId: string;
  organisationName: string;
  datasetId: string;
  datasetSlug: string;
  datasetTitle: string;
  questions: number;
  /** The most questions of one shape (the same grouping and measures, other filters). */
  mostOfOneShape: number;
  accounts: number;
}

/** The only code that touches disclosure_questions. */
@Injectable()
export class QuestionLedgerRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Records a question unless the organisation already asked it that day, and unless the day's
   * questions would pass `limit`; under a lock on the organisation, dataset and day, so two accounts
   * asking at once cannot both take the last place. One call to `disclosure_spend` (migration
   * 1796700000000). Returns whether it was new, refused, and the questions counted that day.
   */
  async spend(e: LedgerEntry, limit: number): Promise<{ outcome: 'new' | 'repeat' | 'refused'; used: number }> {
    const [row] = await this.dataSource.query(`SELECT outcome, used FROM disclosure_spend($1, $2, $3, $4, $5, $6, $7, $8)`, [
      `disclosure:${e.organisationId}:${e.datasetId}:${e.day}`,
      e.organisationId,
      e.datasetId,
      e.day,
      e.fingerprint,
      e.shape,
      e.userId,
      limit,
    ]);
    return { outcome: row.outcome, used: Number(row.used) };
  }

  async usedOn(organisationId: string, datasetId: string, day: string): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT count(*) AS n FROM disclosure_questions WHERE organisation_id = $1 AND dataset_id = $2 AND day = $3`, [organisationId, datasetId, day]);
    return Number(row.n);
  }

  /** Questions per organisation and dataset on one day, busiest first. */
  async usage(day: string): Promise<LedgerUsage[]> {
    const rows: Record<string, string>[] = await this.dataSource.query(
      `SELECT q.organisation_id, o.name AS organisation_name, q.dataset_id, d.slug, d.title,
              count(*) AS questions, max(s.n) AS most_of_one_shape, count(DISTINCT q.user_id) AS accounts
         FROM disclosure_questions q
         JOIN organisations o ON o.id = q.organisation_id
         JOIN datasets d ON d.id = q.dataset_id
         JOIN (SELECT organisation_id, dataset_id, shape, count(*) AS n FROM disclosure_questions WHERE day = $1 GROUP BY 1, 2, 3) s
           ON s.organisation_id = q.organisation_id AND s.dataset_id = q.dataset_id AND s.shape = q.shape
        WHERE q.day = $1
        GROUP BY q.organisation_id, o.name, q.dataset_id, d.slug, d.title
        ORDER BY count(*) DESC, o.name, d.slug`,
      [day],
    );
    return rows.map((r) => ({
      organisationId: r.organisation_id,
      organisationName: r.organisation_name,
      datasetId: r.dataset_id,
      datasetSlug: r.slug,
      datasetTitle: r.title,
      questions: Number(r.questions),
      mostOfOneShape: Number(r.most_of_one_shape),
      accounts: Number(r.accounts),
    }));
  }

  /** Each dataset's own daily budget, where it has one. */
  async limits(datasetIds: readonly string[]): Promise<Map<string, number>> {
    if (datasetIds.length === 0) return new Map();
    const rows: { id: string; daily_question_budget: number | null }[] = await this.dataSource.query(`SELECT id, daily_question_budget FROM datasets WHERE id = ANY($1)`, [[...new Set(datasetIds)]]);
    return new Map(rows.filter((r) => r.daily_question_budget !== null).map((r) => [r.id, r.daily_question_budget!]));
  }

  /** Drops days before `day`: the ledger only ever needs today's. Returns rows deleted. */
  async pruneBefore(day: string): Promise<number> {
    const res = await this.dataSource.query(`WITH gone AS (DELETE FROM disclosure_questions WHERE day < $1 RETURNING 1) SELECT count(*) AS n FROM gone`, [day]);
    return Number(res[0].n);
  }
}
