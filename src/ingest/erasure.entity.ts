import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** One erasure of records from a dataset: who, why, and how much went (docs/subject-access.md). */
@Entity({ name: 'erasures' })
export class Erasure {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'dataset_id', type: 'uuid' })
  datasetId: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'erased_by', type: 'uuid', nullable: true })
  erasedBy: string | null;

  @Column({ name: 'erased_by_email', type: 'text', nullable: true })
  erasedByEmail: string | null;

  /** Distinct records (natural keys) erased. */
  @Column({ type: 'integer' })
  records: number;

  @Column({ name: 'rows_deleted', type: 'integer' })
  rowsDeleted: number;

  @Column({ name: 'archived_rows_deleted', type: 'integer' })
  archivedRowsDeleted: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/**
 * The erasure register: a keyed hash of each erased record's natural key (never the personal
 * data), read by every load of the dataset so that the record is skipped if a file brings it back.
 */
@Entity({ name: 'erased_records' })
export class ErasedRecord {
  @PrimaryColumn({ name: 'dataset_id', type: 'uuid' })
  datasetId: string;

  @PrimaryColumn({ name: 'key_hash', type: 'char', length: 64 })
  keyHash: string;

  @Column({ name: 'erasure_id', type: 'uuid' })
  erasureId: string;
}
