import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { BoardPack } from './board-pack.entity.js';

export interface DisclosureUseRow {
  organisation: string;
  /** Answers given under disclosure control (aggregate-only access to a protected dataset). */
  protectedAnswers: number;
  /** Cells withheld in those answers. */
  cellsWithheld: number;
  /** Questions refused because the organisation's daily budget was spent. */
  budgetRefusals: number;
}

export interface LoadsRow {
  partner: string;
  succeeded: number;
  failed: number;
  rolledBack: number;
  rowsLoaded: number;
  rowsRejected: number;
}

/** The one repository for `board_packs`, and the read-only figures a board pack reports from PostgreSQL. */
@Injectable()
export class BoardPackRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private packs(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(BoardPack);
  }

  /** Keeps a pack; a second scheduled pack for the same quarter and reader is skipped (null). */
  async insert(em: EntityManager, pack: Pick<BoardPack, 'quarter' | 'preparedFor' | 'requestedBy' | 'trigger' | 'pdf' | 'pages'>): Promise<string | null> {
    const result = await em.createQueryBuilder().insert().into(BoardPack).values(pack).orIgnore().returning(['id']).execute();
    return (result.raw as { id: string }[])[0]?.id ?? null;
  }

  listFor(userId: string): Promise<BoardPack[]> {
    return this.packs().find({ where: { preparedFor: userId }, order: { createdAt: 'DESC' }, take: 20 });
  }

  async pdfOf(id: string): Promise<(BoardPack & { pdf: Buffer }) | null> {
    return (await this.packs().createQueryBuilder('p').addSelect('p.pdf').where('p.id = :id', { id }).getOne()) as (BoardPack & { pdf: Buffer }) | null;
  }

  /** Disclosure control at work over a period, per organisation, from the audit log. */
  disclosureUse(from: Date, to: Date): Promise<DisclosureUseRow[]> {
    return this.dataSource.query(
      `SELECT COALESCE(o.name, 'Unknown') AS organisation,
              count(*) FILTER (WHERE a.action = 'query.run' AND a.details ? 'questionBudget')::int AS "protectedAnswers",
              COALESCE(sum((a.details->>'suppressedCells')::int) FILTER (WHERE a.action = 'query.run'), 0)::int AS "cellsWithheld",
              count(*) FILTER (WHERE a.action = 'query.refused' AND a.details->>'code' = 'question_budget_spent')::int AS "budgetRefusals"
       FROM audit_log a LEFT JOIN organisations o ON o.id = a.organisation_id
       WHERE a.at >= $1 AND a.at < $2 AND a.action IN ('query.run', 'query.refused')
       GROUP BY o.name
       HAVING count(*) FILTER (WHERE a.action = 'query.run' AND a.details ? 'questionBudget') > 0
           OR count(*) FILTER (WHERE a.action = 'query.refused' AND a.details->>'code' = 'question_budget_spent') > 0
       ORDER BY 2 DESC, 1`,
      [from, to],
    );
  }

  /** Loads finished in a period, per partner (the dataset's owner). */
  loadsPerPartner(from: Date, to: Date): Promise<LoadsRow[]> {
    return this.dataSource.query(
      `SELECT o.name AS partner,
              count(*) FILTER (WHERE l.status = 'succeeded')::int AS succeeded,
              count(*) FILTER (WHERE l.status = 'failed')::int AS failed,
              count(*) FILTER (WHERE l.status = 'rolled_back')::int AS "rolledBack",
              COALESCE(sum(l.rows_loaded) FILTER (WHERE l.status = 'succeeded'), 0)::float8 AS "rowsLoaded",
              COALESCE(sum(l.rows_rejected), 0)::float8 AS "rowsRejected"
       FROM loads l JOIN datasets d ON d.id = l.dataset_id JOIN organisations o ON o.id = d.owner_organisation_id
       WHERE COALESCE(l.finished_at, l.queued_at) >= $1 AND COALESCE(l.finished_at, l.queued_at) < $2 AND l.status <> 'duplicate'
       GROUP BY o.name ORDER BY o.name`,
      [from, to],
    );
  }

  /** Agreements that started in a period. */
  newAgreements(from: Date, to: Date): Promise<{ title: string; startsAt: Date; endsAt: Date; parties: number }[]> {
    return this.dataSource.query(
      `SELECT title, starts_at AS "startsAt", ends_at AS "endsAt", cardinality(party_organisation_ids) AS parties
       FROM sharing_agreements WHERE (starts_at >= $1 AND starts_at < $2) OR (created_at >= $1 AND created_at < $2) ORDER BY starts_at, title`,
      [from, to],
    );
  }
}
