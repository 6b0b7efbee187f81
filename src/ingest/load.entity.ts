import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { LoadCoverage } from './load-coverage.sql.js';
import type { LoadSource, LoadStatus } from './load-policy.js';

const bigint = { to: (v: number) => v, from: (v: string | null) => Number(v ?? 0) };

/** Where a running load is, for the progress display. */
export interface LoadProgress {
  phase: 'queued' | 'reading' | 'validating' | 'placing' | 'publishing' | 'done';
  /** 0–100 within the whole load. */
  percent: number;
}

/** One run of one file through a feed. */
@Entity({ name: 'loads' })
export class Load {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'feed_id', type: 'uuid' })
  feedId: string;

  @Column({ name: 'dataset_id', type: 'uuid' })
  datasetId: string;

  @Column({ name: 'file_name', type: 'text' })
  fileName: string;

  /** Where the file is kept while the load waits or runs. */
  @Column({ name: 'stored_path', type: 'text', nullable: true })
  storedPath: string | null;

  @Column({ type: 'text', nullable: true })
  sha256: string | null;

  @Column({ name: 'size_bytes', type: 'bigint', default: 0, transformer: bigint })
  sizeBytes: number;

  @Column({ type: 'text' })
  source: LoadSource;

  @Column({ name: 'operator_id', type: 'uuid', nullable: true })
  operatorId: string | null;

  @Column({ name: 'operator_email', type: 'text', nullable: true })
  operatorEmail: string | null;

  @Column({ name: 'operator_organisation_id', type: 'uuid', nullable: true })
  operatorOrganisationId: string | null;

  @Column({ type: 'text' })
  status: LoadStatus;

  @Column({ name: 'rows_read', type: 'bigint', default: 0, transformer: bigint })
  rowsRead: number;

  @Column({ name: 'rows_loaded', type: 'bigint', default: 0, transformer: bigint })
  rowsLoaded: number;

  @Column({ name: 'rows_rejected', type: 'bigint', default: 0, transformer: bigint })
  rowsRejected: number;

  /** Rows of earlier loads this load replaced (replace-month, upsert-by-key). */
  @Column({ name: 'rows_replaced', type: 'bigint', default: 0, transformer: bigint })
  rowsReplaced: number;

  /** Rows of the file left out because their record was erased (the erasure register). */
  @Column({ name: 'rows_erased', type: 'bigint', default: 0, transformer: bigint })
  rowsErased: number;

  @Column({ type: 'jsonb' })
  progress: LoadProgress;

  @Column({ name: 'error_code', type: 'text', nullable: true })
  errorCode: string | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** The earlier load this one duplicates. */
  @Column({ name: 'duplicate_of', type: 'uuid', nullable: true })
  duplicateOf: string | null;

  @Column({ name: 'queued_at', type: 'timestamptz' })
  queuedAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ name: 'rolled_back_at', type: 'timestamptz', nullable: true })
  rolledBackAt: Date | null;

  @Column({ name: 'rolled_back_by', type: 'uuid', nullable: true })
  rolledBackBy: string | null;

  /** Stop before publishing and wait for an operator (awaiting_confirmation). */
  @Column({ type: 'boolean', default: false })
  preview: boolean;

  /** The dataset's version the preview was made against; publishing a stale preview previews again. */
  @Column({ name: 'previewed_version', type: 'integer', nullable: true })
  previewedVersion: number | null;

  /** Months (rows added, replaced) and areas: what the load covered, or its preview would. */
  @Column({ type: 'jsonb', nullable: true })
  coverage: LoadCoverage | null;
}
