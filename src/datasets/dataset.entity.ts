import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { type ColumnSpec, DatasetKind, Sensitivity } from '../../domain/dataset-schema.js';

/** A partner dataset: what it is, who owns it, its declared columns, and where its rows live in DuckDB. */
@Entity({ name: 'datasets' })
export class Dataset {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  slug: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ name: 'owner_organisation_id', type: 'uuid' })
  ownerOrganisationId: string;

  @Column({ type: 'text' })
  kind: DatasetKind;

  @Column({ type: 'text' })
  sensitivity: Sensitivity;

  /** e.g. "Crime and Disorder Act 1998 s115; DPA 2018 Part 3". */
  @Column({ name: 'lawful_basis', type: 'text' })
  lawfulBasis: string;

  /** Declared columns, common dimensions first; the only identifiers query may put in SQL. */
  @Column({ type: 'jsonb' })
  columns: ColumnSpec[];

  @Column({ name: 'duckdb_table', type: 'text', unique: true })
  duckdbTable: string;

  @Column({ name: 'row_count', type: 'bigint', default: 0, transformer: { to: (v: number) => v, from: (v: string | null) => Number(v ?? 0) } })
  rowCount: number;

  @Column({ name: 'min_month', type: 'date', nullable: true })
  minMonth: string | null;

  @Column({ name: 'max_month', type: 'date', nullable: true })
  maxMonth: string | null;

  @Column({ name: 'last_loaded_at', type: 'timestamptz', nullable: true })
  lastLoadedAt: Date | null;

  /** Rows whose month is older than this many months are deleted by the daily retention job; null keeps them. */
  @Column({ name: 'retention_months', type: 'integer', nullable: true })
  retentionMonths: number | null;

  /** Counts below this are withheld from aggregate-only callers; null uses the hub's (docs/disclosure-control.md). */
  @Column({ name: 'disclosure_threshold', type: 'integer', nullable: true })
  disclosureThreshold: number | null;

  /** Distinct questions an organisation with aggregate access may ask a day; null uses the hub's. */
  @Column({ name: 'daily_question_budget', type: 'integer', nullable: true })
  dailyQuestionBudget: number | null;

  /** Already published (police.uk): aggregate callers get exact counts, as anyone can. */
  @Column({ name: 'open_data', type: 'boolean', default: false })
  openData: boolean;

  /** Bumped by every publish or rollback; cached query results are keyed by it. */
  @Column({ type: 'integer', default: 0 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
