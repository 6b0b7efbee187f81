import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface LoadProblem {
  id: string;
  operatorId: string | null;
  ownerOrganisationId: string;
  feedTitle: string;
  status: string;
  rowsRejected: number;
}

export interface ScheduledFeed {
  id: string;
  title: string;
  ownerOrganisationId: string;
  expectedEvery: 'weekly' | 'monthly';
  expectedByDay: number;
  /** When its last load that published rows finished. */
  lastLoadedAt: Date | null;
}

/** Reads for the operations notices: loads that failed or left rows out, feeds with an expected schedule. */
@Injectable()
export class OperationsNoticesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Loads finished since `since` that failed, or succeeded with rejected rows. */
  async loadProblems(since: Date): Promise<LoadProblem[]> {
    const rows: (Omit<LoadProblem, 'rowsRejected'> & { rowsRejected: string })[] = await this.dataSource.query(
      `SELECT l.id, l.operator_id AS "operatorId", d.owner_organisation_id AS "ownerOrganisationId", f.title AS "feedTitle", l.status, l.rows_rejected AS "rowsRejected"
       FROM loads l JOIN feeds f ON f.id = l.feed_id JOIN datasets d ON d.id = l.dataset_id
       WHERE l.finished_at >= $1 AND (l.status = 'failed' OR (l.status = 'succeeded' AND l.rows_rejected > 0))
       ORDER BY l.finished_at`,
      [since],
    );
    return rows.map((r) => ({ ...r, rowsRejected: Number(r.rowsRejected) }));
  }

  scheduledFeeds(): Promise<ScheduledFeed[]> {
    return this.dataSource.query(
      `SELECT f.id, f.title, d.owner_organisation_id AS "ownerOrganisationId", f.expected_every AS "expectedEvery", f.expected_by_day AS "expectedByDay",
         (SELECT max(l.finished_at) FROM loads l WHERE l.feed_id = f.id AND l.status = 'succeeded') AS "lastLoadedAt"
       FROM feeds f JOIN datasets d ON d.id = f.dataset_id
       WHERE f.expected_every IS NOT NULL AND f.expected_by_day IS NOT NULL`,
    );
  }
}
